package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.testing.RunningController;

class NodeTelemetryIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static RunningController controller;

    @BeforeAll
    static void start() {
        controller = RunningController.start(Map.of(
                "heliostat.nodes.suspect-after", "PT1S",
                "heliostat.nodes.lost-after", "PT2S",
                "heliostat.nodes.sweep-interval", "PT0.2S",
                "heliostat.nodes.report-interval", "PT0.5S"));
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    static String report(String node, long sequence) {
        return """
                {"version": 1, "nodeId": "%s", "sequence": %d, "observedAt": "2026-11-22T10:00:00Z", "cluster": "edge-berlin",
                 "capacity": {"cpuMillis": 4000, "memoryMiB": 8192, "gpus": 0, "dpus": 0, "ephemeralStorageMiB": 32768},
                 "power": {"drawWatts": 5.2, "idleWatts": 2.7, "maxWatts": 7.3, "budgetWatts": 0, "measured": false},
                 "runtimes": ["runc", "wasm"], "rttMs": {"controller": 3.5}}
                """.formatted(node, sequence);
    }

    @Test
    void a_report_is_accepted_once_and_later_duplicates_and_late_reports_are_ignored() throws Exception {
        assertThat(controller.post("/api/v1/nodes/gw-1/reports", report("gw-1", 5)).statusCode()).isEqualTo(202);
        HttpResponse<String> skipping = controller.post("/api/v1/nodes/gw-1/reports", report("gw-1", 8));
        HttpResponse<String> duplicate = controller.post("/api/v1/nodes/gw-1/reports", report("gw-1", 8));
        HttpResponse<String> late = controller.post("/api/v1/nodes/gw-1/reports", report("gw-1", 7));

        assertThat(JSON.readTree(skipping.body()).path("missed").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(duplicate.body()).path("kind").asText()).isEqualTo("DUPLICATE");
        assertThat(JSON.readTree(late.body()).path("kind").asText()).isEqualTo("OUT_OF_ORDER");
        JsonNode node = JSON.readTree(controller.get("/api/v1/nodes/gw-1").body());
        assertThat(node.path("lastSequence").asLong()).isEqualTo(8);
        assertThat(node.path("missedReports").asLong()).isEqualTo(2);
        assertThat(node.path("ignoredReports").asLong()).isEqualTo(2);
        assertThat(node.path("status").asText()).isEqualTo("READY");
    }

    @Test
    void a_silent_node_becomes_suspect_then_lost_and_ready_again_when_it_reports() throws Exception {
        controller.post("/api/v1/nodes/gw-2/reports", report("gw-2", 1));

        await().atMost(Duration.ofSeconds(5)).until(() -> status("gw-2").equals("SUSPECT"));
        await().atMost(Duration.ofSeconds(5)).until(() -> status("gw-2").equals("LOST"));
        controller.post("/api/v1/nodes/gw-2/reports", report("gw-2", 2));

        assertThat(status("gw-2")).isEqualTo("READY");
    }

    @Test
    void a_node_told_to_report_every_2s_stays_ready_between_its_reports_once_its_agent_acknowledged_it() throws Exception {
        controller.post("/api/v1/nodes/gw-slow/reports", report("gw-slow", 1));
        HttpResponse<String> issued = controller.post("/api/v1/nodes/gw-slow/commands",
                "{\"kind\": \"set-report-interval\", \"interval\": \"PT2S\"}");
        JsonNode command = JSON.readTree(issued.body());
        assertThat(JSON.readTree(controller.get("/api/v1/nodes/gw-slow").body()).path("reportInterval").isNull())
                .as("not before the agent acknowledged it").isTrue();

        HttpResponse<String> acknowledged = controller.post("/api/v1/nodes/gw-slow/commands/" + command.path("commandId").asText()
                + "/outcome", """
                {"commandId": "%s", "sequence": %d, "nodeId": "gw-slow", "status": "succeeded", "message": "reporting every PT2S",
                 "finishedAt": "2026-11-22T10:00:01Z"}
                """.formatted(command.path("commandId").asText(), command.path("sequence").asLong()));
        controller.post("/api/v1/nodes/gw-slow/reports", report("gw-slow", 2));
        controller.post("/api/v1/nodes/gw-usual/reports", report("gw-usual", 1));

        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
        assertThat(JSON.readTree(controller.get("/api/v1/nodes/gw-slow").body()).path("reportInterval").asText()).isEqualTo("PT2S");
        // Four of the fleet's 0.5 s beats: Suspect after 4 × 1 s. A node at the fleet's beat is Suspect after 1 s.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> status("gw-slow").equals("READY"));
        assertThat(status("gw-usual")).isIn("SUSPECT", "LOST");
        await().atMost(Duration.ofSeconds(5)).until(() -> status("gw-slow").equals("SUSPECT"));
    }

    @Test
    void a_drained_node_that_reports_again_after_it_was_suspect_stays_closed_to_new_work() throws Exception {
        // gw-ber-3 is a node of the demo fleet, so the live plan has it.
        controller.post("/api/v1/nodes/gw-ber-3/reports", report("gw-ber-3", 1));
        assertThat(controller.controller().placements().takesWork("gw-ber-3")).isTrue();
        assertThat(controller.post("/api/v1/nodes/gw-ber-3/commands", "{\"kind\": \"drain\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> status("gw-ber-3").equals("SUSPECT"));

        controller.post("/api/v1/nodes/gw-ber-3/reports", report("gw-ber-3", 2));

        assertThat(status("gw-ber-3")).isEqualTo("READY");
        assertThat(JSON.readTree(controller.get("/api/v1/nodes/gw-ber-3").body()).path("draining").asBoolean()).isTrue();
        assertThat(controller.controller().placements().takesWork("gw-ber-3")).isFalse();
        assertThat(controller.post("/api/v1/nodes/gw-ber-3/commands", "{\"kind\": \"undrain\"}").statusCode()).isEqualTo(202);
        assertThat(controller.controller().placements().takesWork("gw-ber-3")).isTrue();
    }

    @Test
    void a_bad_report_gets_a_problem_document_naming_each_field_and_changes_nothing() throws Exception {
        String bad = report("gw-3", 1).replace("\"cpuMillis\": 4000", "\"cpuMillis\": -4000").replace("\"wasm\"", "\"docker\"");

        HttpResponse<String> response = controller.post("/api/v1/nodes/gw-3/reports", bad);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("capacity.cpuMillis", "runtimes[1]");
        assertThat(controller.get("/api/v1/nodes/gw-3").statusCode()).isEqualTo(404);
    }

    @Test
    void malformed_json_and_wrong_types_are_400_with_the_field() throws Exception {
        HttpResponse<String> truncated = controller.post("/api/v1/nodes/gw-4/reports", "{\"version\": 1, \"nodeId\": ");
        HttpResponse<String> wrongType = controller.post("/api/v1/nodes/gw-4/reports",
                report("gw-4", 1).replace("\"sequence\": 1", "\"sequence\": \"first\""));

        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).path("errors").get(0).path("field").asText()).isEqualTo("sequence");
    }

    @Test
    void a_report_for_another_node_than_the_path_is_rejected() throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/nodes/gw-5/reports", report("gw-6", 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("nodeId");
    }

    @Test
    void a_batch_applies_every_report_of_every_node_in_sequence_order() throws Exception {
        String batch = "[" + report("gw-7", 3) + "," + report("gw-8", 1) + "," + report("gw-7", 2) + "," + report("gw-7", 2) + "]";

        HttpResponse<String> response = controller.post("/api/v1/reports", batch);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).findValuesAsText("kind")).containsExactly("ACCEPTED", "ACCEPTED", "ACCEPTED", "DUPLICATE");
        assertThat(JSON.readTree(controller.get("/api/v1/nodes/gw-7").body()).path("lastSequence").asLong()).isEqualTo(3);
    }

    @Test
    void a_batch_with_one_bad_report_is_rejected_whole_naming_the_element() throws Exception {
        String batch = "[" + report("gw-9", 1) + "," + report("gw-10", 1).replace("\"version\": 1", "\"version\": 9") + "]";

        HttpResponse<String> response = controller.post("/api/v1/reports", batch);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly("[1].version");
        assertThat(controller.get("/api/v1/nodes/gw-9").statusCode()).isEqualTo(404);
    }

    @Test
    void the_openapi_document_describes_the_api() throws Exception {
        HttpResponse<String> response = controller.get("/api/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("paths").has("/api/v1/nodes/{id}/reports")).isTrue();
    }

    private static String status(String node) throws Exception {
        return JSON.readTree(controller.get("/api/v1/nodes/" + node).body()).path("status").asText();
    }
}
