package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.testing.RunningController;

/** Placement requests against the demo fleet, every node of which has reported once. */
class PlacementsIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static RunningController controller;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(Map.of());
        controller.reportEveryDemoNode();
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    @Test
    void a_service_goes_to_a_low_carbon_zone_within_its_latency_slo_with_alternatives_that_say_why_they_lost() throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "storefront", "tenant": "shop", "requests": {"cpu": "1", "memory": "2Gi"}, "replicas": 2,
                 "userLocation": "madrid-shoppers", "latencySloMs": 30, "residency": ["EU"]}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode decision = JSON.readTree(response.body());
        assertThat(decision.path("replicas")).hasSize(2);
        for (JsonNode replica : decision.path("replicas")) {
            assertThat(replica.path("node").asText()).isNotEmpty();
            assertThat(replica.path("latencyMs").asInt()).isLessThanOrEqualTo(30);
            assertThat(replica.path("zone").asText()).isIn("ES", "DE");
            assertThat(replica.path("gramsPerHour").asDouble()).isPositive();
            assertThat(replica.path("alternatives")).isNotEmpty();
            assertThat(replica.path("alternatives").get(0).path("reason").asText()).isNotEmpty();
        }
        assertThat(JSON.readTree(controller.get("/api/v1/placements/storefront").body()).path("decision").path("workload").asText())
                .isEqualTo("storefront");
    }

    @Test
    void a_residency_no_node_satisfies_leaves_the_replica_unplaced_with_the_reason() throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "swiss-ledger", "requests": {"cpu": "1", "memory": "1Gi"}, "residency": ["CH"]}
                """);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode replica = JSON.readTree(response.body()).path("replicas").get(0);
        assertThat(replica.path("node").isNull()).isTrue();
        assertThat(replica.path("reason").asText()).contains("no node can take it");
    }

    @Test
    void a_placed_workload_can_be_deleted_once_and_then_is_404() {
        controller.post("/api/v1/placements", """
                {"id": "scratch", "requests": {"cpu": "500m", "memory": "256Mi"}}
                """);

        assertThat(controller.delete("/api/v1/placements/scratch").statusCode()).isEqualTo(204);
        assertThat(controller.delete("/api/v1/placements/scratch").statusCode()).isEqualTo(404);
        assertThat(controller.get("/api/v1/placements/scratch").statusCode()).isEqualTo(404);
    }

    @Test
    void a_second_request_for_the_same_workload_is_a_conflict() {
        controller.post("/api/v1/placements", "{\"id\": \"twice\", \"requests\": {\"cpu\": \"100m\"}}");

        assertThat(controller.post("/api/v1/placements", "{\"id\": \"twice\", \"requests\": {\"cpu\": \"100m\"}}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void a_bad_request_names_every_bad_field_and_places_nothing() throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "bad", "requests": {"cpu": "lots"}, "replicas": 0, "userLocation": "atlantis", "colour": "green"}
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).contains("colour");
        HttpResponse<String> unknownLocation = controller.post("/api/v1/placements", """
                {"id": "bad", "requests": {"cpu": "1"}, "userLocation": "atlantis"}
                """);
        assertThat(JSON.readTree(unknownLocation.body()).path("errors").findValuesAsText("field")).containsExactly("userLocation");
        assertThat(controller.get("/api/v1/placements/bad").statusCode()).isEqualTo(404);
    }

    @Test
    void a_colocation_with_a_workload_that_is_not_placed_names_the_element() throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "lonely-checkout", "requests": {"cpu": "1"}, "colocateWith": ["no-such-cache"]}
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly("colocateWith[0]");
    }

    @Test
    void a_workload_under_a_named_policy_keeps_its_hard_rules_and_the_decision_says_which_policy() throws Exception {
        // latency-first spreads every workload over at least two clusters; on its own the service would fill one.
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "checkout", "tenant": "shop", "requests": {"cpu": "500m", "memory": "512Mi"}, "replicas": 2,
                 "userLocation": "madrid-shoppers", "policy": "latency-first"}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode decision = JSON.readTree(response.body());
        assertThat(decision.path("policy").asText()).isEqualTo("latency-first");
        List<String> clusters = new ArrayList<>();
        decision.path("replicas").forEach(replica -> clusters.add(replica.path("cluster").asText()));
        assertThat(clusters).doesNotHaveDuplicates().hasSize(2);
        JsonNode underDefault = JSON.readTree(controller.post("/api/v1/placements", """
                {"id": "checkout-default", "tenant": "shop", "requests": {"cpu": "500m", "memory": "512Mi"}, "replicas": 2,
                 "userLocation": "madrid-shoppers"}
                """).body());
        assertThat(underDefault.path("policy").asText()).isEqualTo("default");
        assertThat(underDefault.path("replicas").get(0).path("cluster").asText())
                .isEqualTo(underDefault.path("replicas").get(1).path("cluster").asText());
    }

    @Test
    void a_policy_not_in_force_or_one_that_contradicts_the_workload_is_refused_naming_the_field() throws Exception {
        HttpResponse<String> unknown = controller.post("/api/v1/placements", """
                {"id": "orphan", "requests": {"cpu": "100m"}, "policy": "no-such-policy"}
                """);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("errors").findValuesAsText("field")).containsExactly("policy");
        assertThat(unknown.body()).contains("latency-first");

        // Three nodes may share one cluster: that spread neither implies nor follows from the policy's two clusters.
        HttpResponse<String> contradiction = controller.post("/api/v1/placements", """
                {"id": "orphan", "requests": {"cpu": "100m"}, "replicas": 3, "spread": {"topologyKey": "node", "minDomains": 3},
                 "policy": "latency-first"}
                """);
        assertThat(contradiction.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(contradiction.body()).path("errors").findValuesAsText("field")).containsExactly("spread");

        // green-batch minimises marginal intensity; the demo fleet's signals are averages.
        HttpResponse<String> otherSignal = controller.post("/api/v1/placements", """
                {"id": "orphan", "kind": "batch", "requests": {"cpu": "1"}, "duration": "PT1H",
                 "deadline": "%s", "policy": "green-batch"}
                """.formatted(Instant.now().plusSeconds(8 * 3600)));
        assertThat(otherSignal.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(otherSignal.body()).path("errors").findValuesAsText("field")).containsExactly("policy");
        assertThat(controller.get("/api/v1/placements/orphan").statusCode()).isEqualTo(404);
    }

    @Test
    void a_batch_job_gets_a_start_time_before_its_deadline() throws Exception {
        Instant deadline = Instant.now().plusSeconds(12 * 3600);
        HttpResponse<String> response = controller.post("/api/v1/placements", """
                {"id": "nightly-etl", "kind": "batch", "requests": {"cpu": "2", "memory": "4Gi"},
                 "duration": "PT2H", "deadline": "%s"}
                """.formatted(deadline));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode replica = JSON.readTree(response.body()).path("replicas").get(0);
        Instant startAt = Instant.parse(replica.path("startAt").asText());
        assertThat(startAt.plusSeconds(2 * 3600)).isBeforeOrEqualTo(deadline);
    }

    @Test
    void the_fleet_shows_each_cluster_with_its_nodes_by_status_ready_capacity_and_replicas_placed() throws Exception {
        controller.post("/api/v1/placements", """
                {"id": "fleet-probe", "requests": {"cpu": "250m", "memory": "256Mi"}, "replicas": 2}
                """);

        JsonNode fleet = JSON.readTree(controller.get("/api/v1/fleet").body());

        assertThat(fleet).extracting(cluster -> cluster.path("site").path("id").asText()).containsExactly("aws-eu-central-1",
                "aws-eu-south-2", "aws-us-west-1", "azure-norwayeast", "edge-berlin-factory", "edge-madrid-store");
        JsonNode norway = JSON.readTree(controller.get("/api/v1/fleet/azure-norwayeast").body());
        assertThat(norway.path("site").path("zone").asText()).isEqualTo("NO");
        assertThat(norway.path("site").path("kind").asText()).isEqualTo("cloud");
        assertThat(norway.path("nodes").path("READY").asInt()).isEqualTo(5);
        // Four 16-core nodes and one of 32.
        assertThat(norway.path("readyCapacity").path("cpuMillis").asLong()).isEqualTo(96_000);
        int placedReplicas = 0;
        for (JsonNode placed : JSON.readTree(controller.get("/api/v1/placements").body())) {
            for (JsonNode replica : placed.path("decision").path("replicas")) {
                placedReplicas += replica.path("node").isNull() ? 0 : 1;
            }
        }
        int countedReplicas = 0;
        for (JsonNode cluster : fleet) {
            countedReplicas += cluster.path("replicas").asInt();
        }
        assertThat(countedReplicas).isEqualTo(placedReplicas).isGreaterThanOrEqualTo(2);
        assertThat(controller.get("/api/v1/fleet/nowhere").statusCode()).isEqualTo(404);
    }
}
