package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.FederatedWorkloadSpec;
import io.heliostat.api.federation.MemberCluster;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.policy.HardRules;
import io.heliostat.api.policy.ObjectiveWeights;
import io.heliostat.api.policy.PlacementPolicy;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.controller.Controller;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.mockclusters.MockCluster;
import io.heliostat.solver.domain.SignalKind;

/**
 * The controller against a hub and three member clusters, each a real HTTP server speaking the Kubernetes API
 * (fabric8's mock server in CRUD mode): policies and FederatedWorkloads applied on the hub become Deployments in the
 * members placement chose, follow carbon, fail over when a member goes silent and do not rush back when it returns.
 */
class FederationIT {

    private static final String NAMESPACE = "heliostat-system";
    private static final ObjectMapper JSON = Controller.objectMapper();

    /** The hub is reached directly; members through links the test can cut. */
    private MockCluster hub;
    /** north is in zone NO, south in ES, central in DE: zones of the hub fleet file, whose signals the test sets. */
    private final Map<String, MockCluster> members = new HashMap<>();
    private RunningController controller;

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws IOException {
        hub = MockCluster.startOnFreePort();
        member("north", "NO", 59.9, 10.7);
        member("south", "ES", 40.4, -3.7);
        member("central", "DE", 50.1, 8.7);
        members.get("south").addRuntimeClass("gvisor", "runsc");
        Path kubeconfig = temp.resolve("hub.kubeconfig");
        Files.writeString(kubeconfig, hub.kubeconfig());
        controller = RunningController.start(Map.ofEntries(
                Map.entry("heliostat.kubernetes.hub.enabled", "true"),
                // Zones and user locations alone: every cluster of the fleet is one of the hub's members.
                Map.entry("heliostat.fleet.file", RunningController.HUB_FLEET.toString()),
                Map.entry("heliostat.kubernetes.hub.kubeconfig", kubeconfig.toString()),
                Map.entry("heliostat.kubernetes.apply-mode", "update"),
                Map.entry("heliostat.kubernetes.resync", "PT1S"),
                Map.entry("heliostat.kubernetes.request-timeout", "PT1S"),
                Map.entry("heliostat.carbon.replay.enabled", "false"),
                Map.entry("heliostat.placement.carbon-refresh", "PT0.5S"),
                Map.entry("heliostat.nodes.suspect-after", "PT3S"),
                Map.entry("heliostat.nodes.lost-after", "PT6S"),
                Map.entry("heliostat.nodes.sweep-interval", "PT0.5S"),
                Map.entry("heliostat.nodes.report-interval", "PT1S"),
                Map.entry("heliostat.reoptimisation.check-interval", "PT1S"),
                Map.entry("heliostat.reoptimisation.time-limit", "PT1S")));
        carbon(Map.of("NO", 30.0, "ES", 200.0, "DE", 400.0));
    }

    private void member(String name, String zone, double latitude, double longitude) {
        MockCluster member = MockCluster.startOnFreePort();
        member.addNode(name + "-node-1", "8", "32Gi", Map.of("kubernetes.io/hostname", name + "-node-1"));
        member.addNode(name + "-node-2", "8", "32Gi", Map.of("kubernetes.io/hostname", name + "-node-2"));
        hub.keepKubeconfig(NAMESPACE, name + "-kubeconfig", member.kubeconfig());
        members.put(name, member);
        hub.client().resource(TestMemberClusters.memberCluster(name, zone, false, latitude, longitude, Map.of("tier", "production")))
                .create();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        members.values().forEach(MockCluster::close);
        hub.close();
    }

    /** Every zone's intensity now, as a feed would report it. */
    private void carbon(Map<String, Double> gramsPerKwh) {
        Instant now = Instant.now();
        gramsPerKwh.forEach((zone, grams) -> controller.controller().zones().accept(new ZoneSignals(zone, now,
                new CarbonSignal(zone, now.minusSeconds(60), now.plusSeconds(3540), grams, SignalKind.AVERAGE, SignalBasis.ACTUAL,
                        "test", now, false), List.of())));
    }

    private void applyPolicy(String name, PlacementPolicySpec spec) {
        PlacementPolicy policy = new PlacementPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        hub.client().resource(policy).createOr(existing -> existing.update());
    }

    private void applyWorkload(String name, String cpu, PlacementPolicySpec unused, FederatedWorkloadSpec.PlacementRules rules)
            throws IOException {
        JsonNode deployment = JSON.readTree("""
                {"replicas": 2, "selector": {"matchLabels": {"app": "%s"}},
                 "template": {"metadata": {"labels": {"app": "%s"}},
                              "spec": {"containers": [{"name": "web", "image": "registry.example/web:1.4",
                                                       "resources": {"requests": {"cpu": "%s", "memory": "512Mi"}}}]}}}
                """.formatted(name, name, cpu));
        FederatedWorkload workload = new FederatedWorkload();
        workload.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
        workload.setSpec(new FederatedWorkloadSpec(new FederatedWorkloadSpec.WorkloadTemplate("Deployment", null, deployment), null,
                null, null, rules));
        hub.client().resource(workload).create();
    }

    private static FederatedWorkloadSpec.PlacementRules rules(String policy, SandboxSpec sandbox) {
        return new FederatedWorkloadSpec.PlacementRules(policy, null, sandbox, List.of(), null, null, null, null, Map.of(), null, null);
    }

    private Deployment deploymentIn(String member, String name) {
        return members.get(member).client().apps().deployments().inNamespace("shop").withName(name).get();
    }

    private GenericKubernetesResource hubResource(Class<?> type, String namespace, String name) {
        var context = io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.fromResourceType(
                type.asSubclass(io.fabric8.kubernetes.api.model.HasMetadata.class));
        KubernetesClient client = hub.client();
        return namespace == null ? client.genericKubernetesResources(context).withName(name).get()
                : client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
    }

    private JsonNode statusOf(Class<?> type, String namespace, String name) {
        GenericKubernetesResource resource = hubResource(type, namespace, name);
        return resource == null ? JSON.nullNode() : JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
    }

    private static String condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText() + ": " + condition.path("message").asText();
            }
        }
        return "absent";
    }

    @Test
    void a_workload_runs_in_the_greenest_member_follows_carbon_fails_over_and_does_not_rush_back() throws IOException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(statusOf(MemberCluster.class, null, "north").path("phase").asText()).isEqualTo("Ready");
            assertThat(statusOf(MemberCluster.class, null, "south").toString()).contains("gvisor");
        });
        awaitMembersInFleet();
        applyPolicy("sandboxed", new PlacementPolicySpec(null, null, new HardRules(List.of("EU"), null, "container", null),
                null, null, null, null, Map.of("tier", "production"), null));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(condition(statusOf(PlacementPolicy.class, null, "sandboxed"), "Accepted")).startsWith("True"));

        applyWorkload("web", "500m", null, rules("sandboxed", null));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(condition(statusOf(FederatedWorkload.class, "shop", "web"), "Accepted")).startsWith("True");
            Deployment web = deploymentIn("north", "web");
            assertThat(web).as("the Deployment in north, the greenest member").isNotNull();
            assertThat(web.getMetadata().getLabels()).containsEntry(FederatedWorkload.OWNER_LABEL, "shop.web")
                    .containsEntry("app.kubernetes.io/managed-by", "heliostat");
            assertThat(web.getSpec().getReplicas()).isEqualTo(2);
            assertThat(web.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues())
                    .allMatch(node -> node.startsWith("north-node-"));
            JsonNode status = statusOf(FederatedWorkload.class, "shop", "web");
            assertThat(condition(status, "Accepted")).startsWith("True");
            assertThat(condition(status, "Placed")).startsWith("True");
            assertThat(status.path("placements").get(0).path("cluster").asText()).isEqualTo("north");
            assertThat(status.path("gramsCo2ePerHour").asDouble()).isPositive();
        });
        assertThat(deploymentIn("south", "web")).isNull();
        assertThat(deploymentIn("central", "web")).isNull();

        // Norway's grid turns dirty: the next re-optimisation round moves the replicas to Spain, the greenest now.
        carbon(Map.of("NO", 700.0, "ES", 200.0, "DE", 400.0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(deploymentIn("south", "web")).as("moved to south: %s", statusOf(FederatedWorkload.class, "shop", "web")).isNotNull();
            assertThat(deploymentIn("north", "web")).as("gone from north").isNull();
        });

        // South stops answering: Suspect, then Lost, and its replicas are placed in central (DE 400 < NO 700).
        members.get("south").link().cut();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(statusOf(MemberCluster.class, null, "south").path("phase").asText()).isEqualTo("Lost");
            assertThat(deploymentIn("central", "web")).as("failed over to central").isNotNull();
            assertThat(condition(statusOf(FederatedWorkload.class, "shop", "web"), "Placed")).startsWith("True");
        });

        // South comes back, on a grid no greener than central's: nothing moves back, and its stale copy is removed.
        carbon(Map.of("NO", 700.0, "ES", 450.0, "DE", 400.0));
        members.get("south").link().restore();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(statusOf(MemberCluster.class, null, "south").path("phase").asText()).isEqualTo("Ready"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(deploymentIn("central", "web")).isNotNull();
            assertThat(deploymentIn("south", "web")).isNull();
        });
    }

    /** Waits for every member's nodes to be in the fleet, so that placement can choose among all of them. */
    private void awaitMembersInFleet() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(controller.controller().placements().fleet().plan()
                .getNodes()).filteredOn(node -> members.containsKey(node.cluster().id())).hasSize(6));
    }

    @Test
    void bad_input_is_reported_in_status_and_breaks_nothing_else() throws IOException {
        awaitMembersInFleet();
        // A policy the schema would refuse: its status names the field, and it does not apply.
        applyPolicy("broken", new PlacementPolicySpec(new ObjectiveWeights(-1.0, null, null, null, null, null, null, null, null),
                null, null, null, null, null, null, null, null));
        // A member whose kubeconfig secret does not exist.
        MemberCluster orphan = new MemberCluster();
        orphan.setMetadata(new ObjectMetaBuilder().withName("orphan").build());
        orphan.setSpec(new MemberClusterSpec(new MemberClusterSpec.SecretKeyReference(null, "no-such-secret", null), "DE", null, null,
                false, null, 50.0, 8.0, null, null, null, null));
        hub.client().resource(orphan).create();
        // A workload no member can ever take: 100 cores a replica on nodes of 8.
        applyWorkload("huge", "100", null, rules(null, null));
        // And one that fits, to show the rest works.
        applyWorkload("small", "250m", null, rules(null, null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(condition(statusOf(PlacementPolicy.class, null, "broken"), "Accepted"))
                    .startsWith("False").contains("spec.weights.carbon: must be between 0 and 1000000, was -1.0");
            JsonNode orphanStatus = statusOf(MemberCluster.class, null, "orphan");
            assertThat(orphanStatus.path("phase").asText()).isEqualTo("Unreachable");
            assertThat(condition(orphanStatus, "Ready")).contains("secret heliostat-system/no-such-secret does not exist");
            JsonNode huge = statusOf(FederatedWorkload.class, "shop", "huge");
            assertThat(condition(huge, "Placed")).startsWith("False").contains("2 of 2 replicas wait for room");
            assertThat(huge.path("exclusions").findValuesAsText("cluster")).as("%s", huge).contains("north", "south", "central");
            assertThat(huge.path("exclusions").get(0).path("reasons").get(0).asText()).as("%s", huge).containsIgnoringCase("cpu");
            assertThat(deploymentIn("north", "small")).as("%s", statusOf(FederatedWorkload.class, "shop", "small")).isNotNull();
        });
        assertThat(controller.controller().policies().policies()).doesNotContainKey("broken");
    }

    @Test
    void a_weighted_workload_from_a_hub_template_is_divided_among_the_members_it_lists() {
        awaitMembersInFleet();
        // The template, kept on the hub at 0 replicas so that the hub runs none of it.
        hub.client().resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withNamespace("shop")
                .withName("catalog-template").endMetadata().withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "catalog")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "catalog").endMetadata().withNewSpec()
                .addNewContainer().withName("catalog").withImage("registry.example/catalog:2.0").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        FederatedWorkload catalog = new FederatedWorkload();
        catalog.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("catalog").build());
        catalog.setSpec(new FederatedWorkloadSpec(null, new FederatedWorkloadSpec.TemplateReference("Deployment", "catalog-template"), 4,
                new FederatedWorkloadSpec.ReplicaDivision("Weighted", List.of(new FederatedWorkloadSpec.ClusterWeight("north", 3),
                        new FederatedWorkloadSpec.ClusterWeight("central", 1))), null));
        hub.client().resource(catalog).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Deployment north = members.get("north").client().apps().deployments().inNamespace("shop").withName("catalog").get();
            Deployment central = members.get("central").client().apps().deployments().inNamespace("shop").withName("catalog").get();
            assertThat(north).isNotNull();
            assertThat(central).as("central takes its quarter although its grid is dirtier").isNotNull();
            assertThat(north.getSpec().getReplicas()).isEqualTo(3);
            assertThat(central.getSpec().getReplicas()).isEqualTo(1);
            assertThat(central.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/catalog:2.0");
            JsonNode status = statusOf(FederatedWorkload.class, "shop", "catalog");
            assertThat(status.path("replicas").asInt()).isEqualTo(4);
            assertThat(status.path("placedReplicas").asInt()).isEqualTo(4);
        });
        assertThat(deploymentIn("south", "catalog")).isNull();
    }

    @Test
    void a_deferrable_job_runs_as_a_job_in_the_member_placement_chose() throws IOException {
        awaitMembersInFleet();
        JsonNode job = JSON.readTree("""
                {"template": {"spec": {"restartPolicy": "Never",
                                       "containers": [{"name": "etl", "image": "registry.example/etl:3",
                                                       "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}}
                """);
        FederatedWorkload etl = new FederatedWorkload();
        etl.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("nightly-etl").build());
        etl.setSpec(new FederatedWorkloadSpec(new FederatedWorkloadSpec.WorkloadTemplate("Job", null, job), null, 1, null,
                new FederatedWorkloadSpec.PlacementRules(null, null, null, List.of(), null, null, null, null, Map.of(), "PT1H",
                        Instant.now().plus(Duration.ofHours(12)).toString())));
        hub.client().resource(etl).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var created = members.get("north").client().batch().v1().jobs().inNamespace("shop").withName("nightly-etl").get();
            assertThat(created).as("%s", statusOf(FederatedWorkload.class, "shop", "nightly-etl")).isNotNull();
            assertThat(created.getSpec().getCompletions()).isEqualTo(1);
            assertThat(created.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues())
                    .singleElement().asString().startsWith("north-node-");
            assertThat(created.getMetadata().getLabels()).containsEntry(FederatedWorkload.OWNER_LABEL, "shop.nightly-etl");
        });
    }
}
