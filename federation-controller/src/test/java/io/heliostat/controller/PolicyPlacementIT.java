package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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

/** Workloads under policies of their own, in a policy directory the test edits, on the demo fleet (424 cores, all Ready). */
class PolicyPlacementIT {

    private static final ObjectMapper JSON = Controller.objectMapper();

    private Path policies;
    private RunningController controller;

    @BeforeEach
    void start() throws Exception {
        policies = Files.createTempDirectory("policies");
        writePolicy("shared", "tenantShares: {analytics: 1, ml: 3}");
        writePolicy("regional", "hardRules: {residency: [EEA]}");
        writePolicy("near", "weights: {latencyGramsPerMs: 50}");
        writePolicy("clean", "weights: {carbon: 5, latencyGramsPerMs: 0}");
        controller = RunningController.start(Map.of("heliostat.policies.directory", policies.toString(),
                "heliostat.reoptimisation.check-interval", "PT0.2S", "heliostat.reoptimisation.time-limit", "PT2S"));
        FleetPlan fleet = new ProblemFileReader().read(RunningController.DEMO_FLEET);
        for (Node node : fleet.getNodes()) {
            HttpResponse<String> response = controller.post("/api/v1/nodes/" + node.id() + "/reports",
                    JSON.writeValueAsString(NodeReports.describing(node, 1, Instant.now(), 0.1)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    /** Writes a policy whose spec is one YAML flow line, as an operator's commit would. */
    private void writePolicy(String name, String spec) throws Exception {
        Path file = policies.resolve(name + ".yaml");
        Path next = policies.resolve(name + ".yaml.next");
        Files.writeString(next, """
                apiVersion: heliostat.io/v1alpha1
                kind: PlacementPolicy
                metadata:
                  name: %s
                spec: {%s}
                """.formatted(name, spec));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private HttpResponse<String> place(String id, String tenant, int replicas, String cpu, String policy) {
        return controller.post("/api/v1/placements", """
                {"id": "%s", "tenant": "%s", "requests": {"cpu": "%s", "memory": "1Gi"}, "replicas": %d, "policy": "%s"}
                """.formatted(id, tenant, cpu, replicas, policy));
    }

    @Test
    void a_tenant_gets_up_to_its_share_of_the_fleet_and_no_more() throws Exception {
        // analytics has 1 share in 4: 106 of 424 cores. 14 x 8 = 112 asks too much, and nothing is placed.
        HttpResponse<String> tooMuch = place("etl", "analytics", 14, "8", "shared");
        assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(403);
        assertThat(JSON.readTree(tooMuch.body()).path("detail").asText()).contains("tenant 'analytics'", "112000 millicores", "25%");
        assertThat(controller.get("/api/v1/placements/etl").statusCode()).isEqualTo(404);

        assertThat(place("etl", "analytics", 13, "8", "shared").statusCode()).isEqualTo(201);
        // 104 cores counted: 4 more would be 108.
        assertThat(place("etl-extra", "analytics", 1, "4", "shared").statusCode()).isEqualTo(403);
        assertThat(place("etl-small", "analytics", 1, "2", "shared").statusCode()).isEqualTo(201);

        // A tenant the policy does not name gets no room under it; under the default policy, shares do not apply.
        HttpResponse<String> guest = place("guest-job", "guest", 1, "1", "shared");
        assertThat(guest.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(guest.body()).path("detail").asText()).contains("no share");
        assertThat(place("guest-job", "guest", 1, "1", "default").statusCode()).isEqualTo(201);

        // Deleting gives the room back.
        assertThat(controller.delete("/api/v1/placements/etl").statusCode()).isEqualTo(204);
        assertThat(place("etl-extra", "analytics", 1, "4", "shared").statusCode()).isEqualTo(201);
    }

    @Test
    void each_workload_is_priced_by_its_own_policy() throws Exception {
        String spec = """
                {"id": "%s", "requests": {"cpu": "1", "memory": "1Gi"}, "userLocation": "madrid-shoppers", "policy": "%s"}
                """;
        JsonNode near = JSON.readTree(controller.post("/api/v1/placements", spec.formatted("menu-near", "near")).body()).path("replicas").get(0);
        JsonNode clean = JSON.readTree(controller.post("/api/v1/placements", spec.formatted("menu-clean", "clean")).body()).path("replicas").get(0);

        // At 50 g per ms the near user matters most; at 5 g per gram of CO2e and nothing for latency, the clean grid does.
        assertThat(near.path("latencyMs").asInt()).isLessThan(clean.path("latencyMs").asInt());
        assertThat(clean.path("gramsPerHour").asDouble()).isLessThan(near.path("gramsPerHour").asDouble());
    }

    @Test
    void tightening_a_policys_residency_moves_its_placed_workloads_at_the_next_round() throws Exception {
        HttpResponse<String> placed = place("ledger", "bank", 1, "2", "regional");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String zone = JSON.readTree(placed.body()).path("replicas").get(0).path("zone").asText();
        assertThat(zone).isIn("ES", "DE", "NO");
        String stricter = zone.equals("NO") ? "DE" : "NO";

        writePolicy("regional", "hardRules: {residency: [" + stricter + "]}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                controller.get("/api/v1/policies").body().contains("\"" + stricter + "\""));
        HttpResponse<String> requested = controller.post("/api/v1/reoptimisations", "");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode replica = JSON.readTree(controller.get("/api/v1/placements/ledger").body()).path("decision").path("replicas").get(0);
            assertThat(replica.path("zone").asText()).isEqualTo(stricter);
        });
    }
}
