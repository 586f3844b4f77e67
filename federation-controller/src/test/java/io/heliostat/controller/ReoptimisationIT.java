package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.node.NodeReports;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.io.ProblemFileReader;

/**
 * The fleet's re-optimisation over the REST API: workloads placed while only the dirty DE nodes (about 500 g/kWh)
 * could take them move to the clean NO nodes (under 15 g/kWh) once those report, at most two out of one cluster
 * per round, as the test's policy says.
 */
class ReoptimisationIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static final List<String> SERVICES = List.of("ledger", "search", "thumbnails");

    private RunningController controller;
    private FleetPlan fleet;

    @BeforeEach
    void start() throws Exception {
        // A round only when asked for (the first, at start, finds nothing to do).
        Path policies = policyDirectory("interval: PT1H, carbonChangeThreshold: 10, maxMovesPerCluster: 2");
        controller = RunningController.start(Map.of("heliostat.policies.directory", policies.toString(),
                "heliostat.reoptimisation.check-interval", "PT0.2S", "heliostat.reoptimisation.time-limit", "PT2S"));
        fleet = new ProblemFileReader().read(RunningController.DEMO_FLEET);
    }

    /** A directory holding the default policy with this re-optimisation block (YAML flow mapping entries). */
    private static Path policyDirectory(String reoptimisation) throws Exception {
        Path policies = Files.createTempDirectory("policies");
        Files.writeString(policies.resolve("default.yaml"), """
                apiVersion: heliostat.io/v1alpha1
                kind: PlacementPolicy
                metadata:
                  name: default
                spec:
                  reoptimisation: {%s}
                """.formatted(reoptimisation));
        return policies;
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private void report(String cluster) throws Exception {
        for (Node node : fleet.getNodes()) {
            if (node.cluster().id().equals(cluster)) {
                HttpResponse<String> response = controller.post("/api/v1/nodes/" + node.id() + "/reports",
                        JSON.writeValueAsString(NodeReports.describing(node, 1, Instant.now(), 0.1)));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            }
        }
    }

    private JsonNode requestRound() throws Exception {
        HttpResponse<String> requested = controller.post("/api/v1/reoptimisations", "");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        String id = JSON.readTree(requested.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(controller.get("/api/v1/reoptimisations/" + id).body()).path("status").asText().equals("completed"));
        return JSON.readTree(controller.get("/api/v1/reoptimisations/" + id).body());
    }

    private static List<JsonNode> movesWithOutcome(JsonNode round, String outcome) {
        List<JsonNode> moves = new ArrayList<>();
        round.path("moves").forEach(move -> {
            if (move.path("outcome").asText().equals(outcome)) {
                moves.add(move);
            }
        });
        return moves;
    }

    private String nodeOf(String workload) throws Exception {
        return JSON.readTree(controller.get("/api/v1/placements/" + workload).body()).path("decision").path("replicas").get(0)
                .path("node").asText();
    }

    @Test
    void moves_workloads_to_a_cleaner_cluster_that_came_up_within_the_policys_limit_per_round() throws Exception {
        report("aws-eu-central-1");
        for (String service : SERVICES) {
            HttpResponse<String> placed = controller.post("/api/v1/placements",
                    "{\"id\": \"" + service + "\", \"requests\": {\"cpu\": \"2\", \"memory\": \"2Gi\"}}");
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            assertThat(nodeOf(service)).startsWith("de-");
        }
        report("azure-norwayeast");

        JsonNode first = requestRound();

        assertThat(first.path("trigger").asText()).isEqualTo("requested");
        assertThat(first.path("epoch").asLong()).isPositive();
        List<JsonNode> applied = movesWithOutcome(first, "applied");
        assertThat(applied).hasSize(2).allSatisfy(move -> {
            assertThat(move.path("fromCluster").asText()).isEqualTo("aws-eu-central-1");
            assertThat(move.path("toCluster").asText()).isEqualTo("azure-norwayeast");
            assertThat(move.path("gramsSaved").asDouble()).isPositive();
        });
        assertThat(movesWithOutcome(first, "held-back")).singleElement()
                .satisfies(move -> assertThat(move.path("reason").asText()).contains("aws-eu-central-1"));
        assertThat(first.path("heldBack").path("cluster-move-limit").asInt()).isEqualTo(1);
        assertThat(first.path("gramsSaved").asDouble()).isPositive()
                .isEqualTo(first.path("gramsBefore").asDouble() - first.path("gramsAfter").asDouble());
        for (JsonNode move : applied) {
            String workload = move.path("workload").asText();
            assertThat(nodeOf(workload)).isEqualTo(move.path("toNode").asText());
            assertThat(JSON.readTree(controller.get("/api/v1/placements/" + workload).body()).path("movedByRound").asText())
                    .isEqualTo(first.path("id").asText());
        }

        JsonNode second = requestRound();

        // The third moves now; the two already moved do not move again.
        assertThat(movesWithOutcome(second, "applied")).singleElement().satisfies(move ->
                assertThat(move.path("workload").asText()).isNotIn(applied.stream().map(m -> m.path("workload").asText()).toList()));
        for (String service : SERVICES) {
            assertThat(nodeOf(service)).startsWith("no-");
        }

        JsonNode third = requestRound();

        assertThat(movesWithOutcome(third, "applied")).isEmpty();
        assertThat(third.path("gramsSaved").asDouble()).isZero();
        JsonNode rounds = JSON.readTree(controller.get("/api/v1/reoptimisations").body());
        assertThat(rounds.get(0).path("id").asText()).isEqualTo(third.path("id").asText());
    }

    @Test
    void moves_nothing_to_nodes_that_have_not_reported_however_clean() throws Exception {
        report("aws-eu-central-1");
        HttpResponse<String> placed = controller.post("/api/v1/placements",
                "{\"id\": \"ledger\", \"requests\": {\"cpu\": \"2\", \"memory\": \"2Gi\"}}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);

        JsonNode round = requestRound();

        assertThat(movesWithOutcome(round, "applied")).isEmpty();
        assertThat(nodeOf("ledger")).startsWith("de-");
    }

    @Test
    void a_zone_whose_intensity_moves_beyond_the_policys_threshold_starts_a_round() throws Exception {
        controller.close();
        Path policies = policyDirectory("interval: PT1H, carbonChangeThreshold: 0.15");
        // Two trace hours a second: California's solar moves its intensity by far more than 15 % within hours.
        controller = RunningController.start(Map.of("heliostat.policies.directory", policies.toString(),
                "heliostat.carbon.replay.speed", "7200", "heliostat.carbon.replay.period", "PT0.2S",
                "heliostat.reoptimisation.check-interval", "PT0.2S", "heliostat.reoptimisation.time-limit", "PT0.5S"));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode rounds = JSON.readTree(controller.get("/api/v1/reoptimisations").body());
            for (JsonNode round : rounds) {
                if (round.path("trigger").asText().equals("carbon-change") && round.path("status").asText().equals("completed")) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void an_unknown_round_is_404() {
        HttpResponse<String> response = controller.get("/api/v1/reoptimisations/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("nope");
    }
}
