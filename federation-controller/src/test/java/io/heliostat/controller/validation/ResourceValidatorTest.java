package io.heliostat.controller.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.federation.MemberClusterSpec;

class ResourceValidatorTest {

    static final String POLICY = """
            apiVersion: heliostat.io/v1alpha1
            kind: PlacementPolicy
            metadata:
              name: eu-batch
            spec:
              weights:
                carbon: 2.0
                migrationGramsPerMove: 50
              signalKind: marginal
              hardRules:
                residency: [EU]
                allowedRuntimes: [runc, kata]
                minIsolation: micro-vm
              tenantShares:
                analytics: 3
                ml: 2
              tolerations:
                - {key: heliostat.io/edge, operator: Exists, effect: NoSchedule}
            """;

    static final String MEMBER = """
            apiVersion: heliostat.io/v1alpha1
            kind: MemberCluster
            metadata:
              name: ie-cloud
              labels:
                heliostat.io/provider: aws
            spec:
              kubeconfigSecret: {name: member-ie-cloud}
              zone: IE
              provider: aws
              region: eu-west-1
              residency: [EU]
              latitude: 53.35
              longitude: -6.26
              nodePower: {idleWatts: 90, maxWatts: 310}
              taints:
                - {key: heliostat.io/spot, value: "true", effect: PreferNoSchedule}
            """;

    static final String WORKLOAD = """
            apiVersion: heliostat.io/v1alpha1
            kind: FederatedWorkload
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 6
              placement:
                residency: [EU]
                userLocation: dublin
                latencySloMs: 40
              template:
                kind: Deployment
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata:
                      labels: {app: web}
                      creationTimestamp: null
                    spec:
                      containers:
                        - name: web
                          image: registry.example.com/shop/web:1.4.2
            """;

    static ResourceValidator validator;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadCrds() {
        validator = ResourceValidator.fromClassPath();
    }

    private FileReport check(String text) throws IOException {
        return validator.check(Files.writeString(directory.resolve("resources.yaml"), text));
    }

    /** The report's lines without the file name: {@code 12: MemberCluster/x spec.zone: ...}. */
    private static List<String> lines(FileReport report) {
        return report.problems().stream().map(problem -> problem.toString().substring(report.file().toString().length() + 1))
                .toList();
    }

    @Test
    void aValidResourceOfEachKindHasNoProblems() throws IOException {
        FileReport report = check(POLICY + "---\n" + MEMBER + "---\n" + WORKLOAD);

        assertThat(report.problems()).isEmpty();
        assertThat(report.resources()).isEqualTo(3);
        assertThat(report.invalid()).isZero();
    }

    @Test
    void anInvalidPolicyIsReportedByFieldWithTheLineOfTheField() throws IOException {
        FileReport report = check("""
                apiVersion: heliostat.io/v1alpha1
                kind: PlacementPolicy
                metadata:
                  name: eu-batch
                spec:
                  weights:
                    carbon: -1
                  signalKind: marginal-ish
                  reoptimisation:
                    intervall: PT1M
                    interval: PT1S
                """);

        assertThat(lines(report)).containsExactly(
                "7: PlacementPolicy/eu-batch spec.weights.carbon: must be at least 0, was -1",
                "8: PlacementPolicy/eu-batch spec.signalKind: must match ^(average|marginal)$, was 'marginal-ish'",
                "10: PlacementPolicy/eu-batch spec.reoptimisation.intervall: is not a field here; the fields are "
                        + "carbonChangeThreshold, interval, maxMovesPerCluster",
                // The schema allows any ISO-8601 duration; the controller's own validation holds it to its range.
                "11: PlacementPolicy/eu-batch spec.reoptimisation.interval: must be between PT10S and PT24H, was PT1S");
        assertThat(report.invalid()).isEqualTo(1);
    }

    @Test
    void anInvalidMemberClusterIsReportedByFieldWithTheLineOfTheField() throws IOException {
        FileReport report = check("""
                apiVersion: heliostat.io/v1alpha1
                kind: MemberCluster
                metadata:
                  name: ie-cloud
                spec:
                  kubeconfigSecret: {namespace: Heliostat}
                  zone: IE
                  latitude: 91
                  longitude: -6.26
                  heartbeatInterval: PT10M
                  taints:
                    - {key: heliostat.io/edge, effect: Sometimes}
                """);

        assertThat(lines(report)).containsExactly(
                "6: MemberCluster/ie-cloud spec.kubeconfigSecret.namespace: must match ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$, "
                        + "was 'Heliostat'",
                "6: MemberCluster/ie-cloud spec.kubeconfigSecret.name: is required",
                "8: MemberCluster/ie-cloud spec.latitude: must be at most 90, was 91",
                "10: MemberCluster/ie-cloud spec.heartbeatInterval: must be between PT1S and PT5M, was PT10M",
                "12: MemberCluster/ie-cloud spec.taints[0].effect: must match ^(NoSchedule|PreferNoSchedule|NoExecute)$, "
                        + "was 'Sometimes'");
    }

    @Test
    void anInvalidFederatedWorkloadIsReportedByFieldWithTheLineOfTheField() throws IOException {
        FileReport report = check("""
                apiVersion: heliostat.io/v1alpha1
                kind: FederatedWorkload
                metadata:
                  name: nightly-etl
                  namespace: analytics
                spec:
                  replicas: 2
                  division:
                    type: Weighted
                    clusters:
                      - {name: de-cloud, weight: 2000}
                  placement:
                    deadline: tomorrow
                  templateRef: {kind: Job, name: nightly-etl}
                """);

        assertThat(lines(report)).containsExactly(
                "11: FederatedWorkload/nightly-etl spec.division.clusters[0].weight: must be at most 1000, was 2000",
                "12: FederatedWorkload/nightly-etl spec.placement.duration: is required",
                "13: FederatedWorkload/nightly-etl spec.placement.deadline: must be an RFC 3339 time such as "
                        + "2026-11-23T06:00:00Z, was 'tomorrow'");
    }

    @Test
    void anUnquotedNoIsABooleanToKubectlWhichTheControllersBindingAloneWouldTakeAsText() throws IOException {
        String norway = MEMBER.replace("zone: IE", "zone: NO");
        YAMLMapper yaml = new YAMLMapper();
        MemberClusterSpec bound = yaml.treeToValue(yaml.readTree(norway).get("spec"), MemberClusterSpec.class);
        assertThat(bound.zone()).isEqualTo("false");
        assertThat(bound.validate()).isEmpty();

        assertThat(lines(check(norway))).containsExactly(
                "9: MemberCluster/ie-cloud spec.zone: must be text, was false (unquoted, YAML reads it as a "
                        + "boolean, as kubectl does: quote it)");
    }

    @Test
    void textWhereTheSchemaWantsANumberIsAnErrorThoughTheControllersBindingAloneWouldReadIt() throws IOException {
        String quoted = MEMBER.replace("latitude: 53.35", "latitude: \"53.35\"");
        YAMLMapper yaml = new YAMLMapper();
        assertThat(yaml.treeToValue(yaml.readTree(quoted).get("spec"), MemberClusterSpec.class).latitude()).isEqualTo(53.35);

        assertThat(lines(check(quoted))).containsExactly(
                "13: MemberCluster/ie-cloud spec.latitude: must be a number, was '53.35'");
    }

    @Test
    void yamlsInfinityIsAnErrorAtItsFieldAsKubectlCannotSendIt() throws IOException {
        assertThat(lines(check(POLICY.replace("carbon: 2.0", "carbon: .inf")))).containsExactly(
                "7: PlacementPolicy/eu-batch spec.weights.carbon: must be a finite number, was .inf, which JSON, and so "
                        + "kubectl, cannot carry");
    }

    @Test
    void metadataIsCheckedAsTheApiServerChecksIt() throws IOException {
        String member = MEMBER.replace("""
                metadata:
                  name: ie-cloud
                  labels:
                    heliostat.io/provider: aws
                """, """
                metadata:
                  name: IE_Cloud
                  namespace: heliostat-system
                  labels:
                    heliostat.io/edge: false
                    tier: "not a label value"
                  owner: platform
                """);

        assertThat(lines(check(member))).containsExactly(
                "4: MemberCluster/IE_Cloud metadata.name: must be a lowercase RFC 1123 subdomain of at most 253 "
                        + "characters: letters a-z, digits, '-' and '.', starting and ending with a letter or digit, was 'IE_Cloud'",
                "5: MemberCluster/IE_Cloud metadata.namespace: must not be set: MemberCluster is cluster-scoped, and the "
                        + "API server drops it",
                "7: MemberCluster/IE_Cloud metadata.labels.heliostat.io/edge: must be text, was false (unquoted, "
                        + "YAML reads it as a boolean, as kubectl does: quote it)",
                "8: MemberCluster/IE_Cloud metadata.labels.tier: must be a label value: at most 63 letters, digits, '-', "
                        + "'_' or '.', starting and ending with a letter or digit, was 'not a label value'",
                "9: MemberCluster/IE_Cloud metadata.owner: is not a field of object metadata; the fields are annotations, "
                        + "creationTimestamp, deletionGracePeriodSeconds, deletionTimestamp, finalizers, generateName, "
                        + "generation, labels, managedFields, name, namespace, ownerReferences, resourceVersion, selfLink, uid");
    }

    @Test
    void aResourceWithoutNameOrSpecSaysSo() throws IOException {
        assertThat(lines(check("""
                apiVersion: heliostat.io/v1alpha1
                kind: FederatedWorkload
                metadata:
                  namespace: shop
                status:
                  replicas: 3
                """))).containsExactly(
                "1: FederatedWorkload/(no name) spec: is required",
                "3: FederatedWorkload/(no name) metadata.name: is required");
    }

    @Test
    void anUnknownTopLevelFieldAndAKeyGivenTwiceAreErrors() throws IOException {
        assertThat(lines(check(WORKLOAD.replace("spec:\n  replicas: 6", "spec:\n  replicas: 6\n  replicas: 7") + "specs: {}\n")))
                .containsExactly(
                        "8: FederatedWorkload/web spec.replicas: is given twice, here and on line 7; keep one",
                        "25: FederatedWorkload/web specs: is not a field here; the fields are apiVersion, kind, metadata, "
                                + "spec and status");
    }

    @Test
    void aVersionOrKindOfTheGroupThatDoesNotExistIsAnErrorNotAnotherDocument() throws IOException {
        FileReport report = check("""
                apiVersion: heliostat.io/v1
                kind: PlacementPolicy
                metadata: {name: a}
                ---
                apiVersion: heliostat.io/v1alpha1
                kind: PlacementPolicies
                metadata: {name: b}
                """);

        assertThat(lines(report)).containsExactly(
                "1: PlacementPolicy/a apiVersion: must be heliostat.io/v1alpha1, the one version heliostat.io serves, was "
                        + "'heliostat.io/v1'",
                "6: PlacementPolicies/b kind: must be one of PlacementPolicy, MemberCluster or FederatedWorkload, was "
                        + "'PlacementPolicies'");
        assertThat(report.invalid()).isEqualTo(2);
    }

    @Test
    void otherDocumentsAreCountedAndLeftAloneAndEmptyOnesAreNotCounted() throws IOException {
        FileReport report = check("""
                # A kustomization, a Deployment with a field nobody knows, a list, and empty documents.
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [members.yaml]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {whatever: 1}
                ---
                - just
                - a list
                ---
                ---
                # only a comment
                """ + "---\n" + MEMBER);

        assertThat(report.problems()).isEmpty();
        assertThat(report.otherDocuments()).isEqualTo(3);
        assertThat(report.resources()).isEqualTo(1);
    }

    @Test
    void aResourceDefinedTwiceInAFileIsAnError() throws IOException {
        assertThat(lines(check(MEMBER + "---\n" + MEMBER))).containsExactly(
                "22: MemberCluster/ie-cloud metadata.name: MemberCluster 'ie-cloud' is already defined on line 4 of this "
                        + "file; give each its own name");
    }

    @Test
    void aFileThatIsNotYamlIsAnErrorAtTheLineWhereReadingStopped() throws IOException {
        FileReport report = check(MEMBER + "---\nkind: [unclosed\nzone: IE\n");

        assertThat(lines(report)).containsExactly(
                "20: is not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence started on line 19)");
        assertThat(report.notYaml()).isTrue();
        assertThat(report.resources()).as("the documents before the error are checked").isEqualTo(1);
    }

    @Test
    void bytesThatAreNotUtf8AreNamedAsSuch() throws IOException {
        Path file = Files.write(directory.resolve("binary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        FileReport report = validator.check(file);

        assertThat(report.notYaml()).isTrue();
        assertThat(report.problems()).singleElement().asString().contains("is not UTF-8 text");
    }

    @Test
    void theControllersPolicyCheckRunsOnEachPolicyOfAFileOfManyKinds() throws IOException {
        // The policy directory would refuse this file for its MemberCluster; validate checks each document by its kind.
        FileReport report = check(MEMBER + "---\n" + POLICY.replace("migrationGramsPerMove: 50", "migrationGramsPerMove: 5e7"));

        assertThat(lines(report)).containsExactly(
                "26: PlacementPolicy/eu-batch spec.weights.migrationGramsPerMove: must be at most 1000000, was 50000000");
        assertThat(report.resources()).isEqualTo(2);
    }

    @Test
    void theResourceNameLineIsThatOfTheDocumentWhenTheFieldIsMissing() throws IOException {
        assertThat(lines(check(WORKLOAD.replace("    kind: Deployment\n", "")))).containsExactly(
                "6: FederatedWorkload/web spec: its CEL rules are not checked until the errors inside it are put right, as "
                        + "the API server does",
                "12: FederatedWorkload/web spec.template.kind: is required");
    }

    @Test
    void anUnreadableFileIsAProblemOfTheFileAsAWhole() {
        Path missing = directory.resolve("gone.yaml");

        FileReport report = validator.check(missing);

        assertThat(report.notYaml()).isTrue();
        assertThat(report.problems()).singleElement().asString().startsWith(missing + ": cannot be read: ");
    }
}
