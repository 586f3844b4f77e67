package io.heliostat.controller.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CEL rule of the three CRDs, broken and kept, evaluated where the CRD puts it. */
class CelRuleTest {

    static ResourceValidator validator;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadCrds() {
        validator = ResourceValidator.fromClassPath();
    }

    /**
     * A resource whose spec breaks or keeps one rule and is otherwise valid.
     *
     * @param rule   the rule's message, as its CRD has it
     * @param at     the schema path of the object the rule is on (list items as [*])
     * @param breaks whether the spec breaks the rule, which must then be the resource's one problem
     */
    record Case(String name, CustomResourceKind kind, String rule, String at, String spec, boolean breaks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String TENANT_SHARES = "every tenant share must be more than 0 and at most 1e9";
    static final String MICRO_VM = "minIsolation micro-vm needs kata or firecracker among allowedRuntimes";
    static final String RUNTIMES = "allowedRuntimes may hold runc, gvisor, kata, firecracker and wasm";
    static final String EXISTS_VALUE = "value must be empty when operator is Exists";
    static final String TOLERATION_KEY = "key is required unless operator is Exists";
    static final String NODE_POWER = "maxWatts must be at least idleWatts";
    static final String ONE_TEMPLATE = "exactly one of template and templateRef must be set";
    static final String DIVISION = "Weighted and Duplicated list their clusters; Dynamic lists none";
    static final String WASM = "runtime wasm goes with wasmModule: true, and only with it";

    static final String MEMBER = """
            kubeconfigSecret: {name: member-de}
            zone: DE
            latitude: 50.11
            longitude: 8.68
            """;
    static final String DEPLOYMENT = """
            template:
              kind: Deployment
              spec: {template: {spec: {containers: [{name: web, image: web:1}]}}}
            """;

    static Stream<Case> cases() {
        CustomResourceKind policy = CustomResourceKind.PLACEMENT_POLICY;
        CustomResourceKind member = CustomResourceKind.MEMBER_CLUSTER;
        CustomResourceKind workload = CustomResourceKind.FEDERATED_WORKLOAD;
        return Stream.of(
                new Case("a tenant share of zero is refused", policy, TENANT_SHARES, "spec",
                        "tenantShares: {analytics: 3, ml: 0}", true),
                new Case("tenant shares given as whole numbers are compared as numbers", policy, TENANT_SHARES, "spec",
                        "tenantShares: {analytics: 3, ml: 2}", false),
                new Case("micro-vm isolation with only container runtimes allowed is refused", policy, MICRO_VM, "spec.hardRules",
                        "hardRules: {minIsolation: micro-vm, allowedRuntimes: [runc, gvisor]}", true),
                new Case("micro-vm isolation with kata allowed is kept", policy, MICRO_VM, "spec.hardRules",
                        "hardRules: {minIsolation: micro-vm, allowedRuntimes: [runc, kata]}", false),
                new Case("an allowed runtime outside the five is refused", policy, RUNTIMES, "spec.hardRules",
                        "hardRules: {allowedRuntimes: [runc, crun]}", true),
                new Case("allowed runtimes among the five are kept", policy, RUNTIMES, "spec.hardRules",
                        "hardRules: {allowedRuntimes: [gvisor, wasm]}", false),
                new Case("a toleration with operator Exists and a value is refused", policy, EXISTS_VALUE, "spec.tolerations[*]",
                        "tolerations: [{key: heliostat.io/edge, operator: Exists, value: 'true'}]", true),
                new Case("a toleration with operator Exists and no value is kept", policy, EXISTS_VALUE, "spec.tolerations[*]",
                        "tolerations: [{key: heliostat.io/edge, operator: Exists}]", false),
                new Case("a toleration with operator Equal and no key is refused", policy, TOLERATION_KEY, "spec.tolerations[*]",
                        "tolerations: [{operator: Equal, value: 'true'}]", true),
                new Case("a toleration with operator Exists and no key tolerates every taint", policy, TOLERATION_KEY,
                        "spec.tolerations[*]", "tolerations: [{operator: Exists}]", false),
                new Case("a node power model whose peak is below its idle draw is refused", member, NODE_POWER, "spec.nodePower",
                        MEMBER + "nodePower: {idleWatts: 300, maxWatts: 200}", true),
                new Case("a node power model with a flat draw is kept", member, NODE_POWER, "spec.nodePower",
                        MEMBER + "nodePower: {idleWatts: 200, maxWatts: 200}", false),
                new Case("a workload with both a template and a templateRef is refused", workload, ONE_TEMPLATE, "spec",
                        DEPLOYMENT + "templateRef: {kind: Deployment, name: web}", true),
                new Case("a workload with neither template nor templateRef is refused", workload, ONE_TEMPLATE, "spec",
                        "replicas: 2", true),
                new Case("a workload with a templateRef only is kept", workload, ONE_TEMPLATE, "spec",
                        "templateRef: {kind: Deployment, name: web}", false),
                new Case("a Weighted division without clusters is refused", workload, DIVISION, "spec.division",
                        DEPLOYMENT + "division: {type: Weighted}", true),
                new Case("a division that lists clusters without a type is Dynamic and refused", workload, DIVISION,
                        "spec.division", DEPLOYMENT + "division: {clusters: [{name: de-cloud}]}", true),
                new Case("a Duplicated division over two clusters is kept", workload, DIVISION, "spec.division",
                        DEPLOYMENT + "division: {type: Duplicated, clusters: [{name: de-cloud}, {name: ie-cloud}]}", false),
                new Case("a wasm runtime for a container is refused", workload, WASM, "spec.placement.sandbox",
                        DEPLOYMENT + "placement: {sandbox: {runtime: wasm}}", true),
                new Case("a WASM module in a container runtime is refused", workload, WASM, "spec.placement.sandbox",
                        DEPLOYMENT + "placement: {sandbox: {runtime: runc, wasmModule: true}}", true),
                new Case("a WASM module in the wasm runtime is kept", workload, WASM, "spec.placement.sandbox",
                        DEPLOYMENT + "placement: {sandbox: {runtime: wasm, wasmModule: true}}", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachRuleIsEvaluatedWhereItsCrdPutsIt(Case rule) throws IOException {
        String document = "apiVersion: heliostat.io/v1alpha1\nkind: " + rule.kind().kind() + "\nmetadata:\n  name: example\n"
                + (rule.kind() == CustomResourceKind.FEDERATED_WORKLOAD ? "  namespace: shop\n" : "")
                + "spec:\n" + rule.spec().indent(2);
        Path file = Files.writeString(directory.resolve("resource.yaml"), document);

        List<Problem> problems = validator.check(file).problems();

        if (rule.breaks()) {
            assertThat(problems).extracting(Problem::field, Problem::message)
                    .containsExactly(tuple(rule.at().replace("[*]", "[0]"), rule.rule()));
        } else {
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void everyRuleOfTheCrdsHasACaseThatBreaksItAndOneThatKeepsIt() {
        Set<String> broken = new HashSet<>();
        Set<String> kept = new HashSet<>();
        cases().forEach(rule -> (rule.breaks() ? broken : kept).add(rule.kind() + " " + rule.at() + ": " + rule.rule()));
        Set<String> rules = new HashSet<>();
        validator.definitions().forEach((kind, definition) -> {
            Map<String, List<CelRule>> byPath = new TreeMap<>();
            definition.spec().collectRules(byPath);
            byPath.forEach((at, found) -> found.forEach(rule -> rules.add(kind + " " + at + ": " + rule.message())));
        });

        assertThat(rules).hasSize(9);
        assertThat(broken).containsExactlyInAnyOrderElementsOf(rules);
        assertThat(kept).containsExactlyInAnyOrderElementsOf(rules);
    }
}
