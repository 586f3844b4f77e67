package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.testing.RunningController;

/**
 * Commands to nodes over HTTP, as an operator issues them and an agent polls and answers them, against the demo fleet,
 * every node of which has reported once (and stays Ready: the ageing is set to hours). Nodes named gw-c* are not in
 * the fleet file: their commands are only logged, not placed around. No re-optimisation moves anything back.
 */
class NodeCommandsIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static RunningController controller;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(Map.of(
                "heliostat.nodes.suspect-after", "PT1H",
                "heliostat.nodes.lost-after", "PT2H",
                "heliostat.reoptimisation.enabled", "false",
                "heliostat.nodes.commands.max-pending", "5",
                "heliostat.nodes.commands.retained", "3"));
        controller.reportEveryDemoNode();
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    private static void reported(String node) {
        assertThat(controller.post("/api/v1/nodes/" + node + "/reports", NodeTelemetryIT.report(node, 1)).statusCode()).isEqualTo(202);
    }

    private static JsonNode issue(String node, String command) throws Exception {
        HttpResponse<String> response = controller.post("/api/v1/nodes/" + node + "/commands", command);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = controller.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String outcome(String node, JsonNode command, String status, String message) {
        return """
                {"commandId": "%s", "sequence": %d, "nodeId": "%s", "status": "%s", "message": "%s", "exitCode": 0,
                 "finishedAt": "2026-11-22T10:00:05Z"}
                """.formatted(command.path("commandId").asText(), command.path("sequence").asLong(), node, status, message);
    }

    private static HttpResponse<String> answer(String node, JsonNode command, String outcome) {
        return controller.post("/api/v1/nodes/" + node + "/commands/" + command.path("commandId").asText() + "/outcome", outcome);
    }

    /** The status of each command of a history, in its order. */
    private static List<String> statuses(JsonNode history) {
        List<String> statuses = new ArrayList<>();
        history.forEach(logged -> statuses.add(logged.path("status").asText()));
        return statuses;
    }

    private static List<String> fields(HttpResponse<String> problem) throws Exception {
        return JSON.readTree(problem.body()).path("errors").findValuesAsText("field");
    }

    @Test
    void a_command_is_issued_polled_answered_once_and_kept_in_the_history() throws Exception {
        reported("gw-c1");

        JsonNode run = issue("gw-c1", """
                {"kind": "run-workload", "workloadId": "sensor-ingest", "image": "ghcr.io/acme/ingest:1.2", "runtime": "wasm",
                 "cpuMillis": 500, "memoryMiB": 256}
                """);
        JsonNode interval = issue("gw-c1", "{\"kind\": \"set-report-interval\", \"interval\": \"PT30S\"}");

        assertThat(run.path("kind").asText()).isEqualTo("run-workload");
        assertThat(run.path("commandId").asText()).isNotBlank();
        assertThat(run.path("issuedAt").asText()).isNotBlank();
        assertThat(List.of(run.path("sequence").asLong(), interval.path("sequence").asLong())).containsExactly(1L, 2L);
        JsonNode due = get("/api/v1/nodes/gw-c1/commands?after=0");
        assertThat(due.findValuesAsText("kind")).containsExactly("run-workload", "set-report-interval");
        assertThat(due.get(0).path("image").asText()).isEqualTo("ghcr.io/acme/ingest:1.2");
        assertThat(get("/api/v1/nodes/gw-c1/commands?after=1").findValuesAsText("commandId"))
                .containsExactly(interval.path("commandId").asText());

        HttpResponse<String> answered = answer("gw-c1", run, outcome("gw-c1", run, "succeeded", "exit 0: started"));
        HttpResponse<String> again = answer("gw-c1", run, outcome("gw-c1", run, "succeeded", "exit 0: started"));
        HttpResponse<String> different = answer("gw-c1", run, outcome("gw-c1", run, "failed", "exit 1"));

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(JSON.readTree(answered.body()).path("status").asText()).isEqualTo("succeeded");
        assertThat(again.statusCode()).as("the same answer again, as an agent retrying sends it").isEqualTo(200);
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(different.body()).path("detail").asText()).contains("answered already (succeeded");
        // An answered command is not sent again, even to an agent that asks from the start.
        assertThat(get("/api/v1/nodes/gw-c1/commands?after=0").findValuesAsText("kind")).containsExactly("set-report-interval");
        JsonNode history = get("/api/v1/nodes/gw-c1/commands");
        assertThat(statuses(history)).containsExactly("succeeded", "pending");
        assertThat(history.get(0).path("outcome").path("message").asText()).isEqualTo("exit 0: started");
        assertThat(history.get(0).path("command").path("workloadId").asText()).isEqualTo("sensor-ingest");
        JsonNode one = get("/api/v1/nodes/gw-c1/commands/" + interval.path("commandId").asText());
        assertThat(one.path("status").asText()).isEqualTo("pending");
        assertThat(one.path("command").path("interval").asText()).isEqualTo("PT30S");
        assertThat(controller.get("/api/v1/nodes/gw-c1/commands/no-such-command").statusCode()).isEqualTo(404);
    }

    @Test
    void a_bad_command_is_400_naming_each_field_and_what_is_allowed_and_is_not_logged() throws Exception {
        reported("gw-c2");

        HttpResponse<String> unknownKind = controller.post("/api/v1/nodes/gw-c2/commands", "{\"kind\": \"reboot\"}");
        HttpResponse<String> noKind = controller.post("/api/v1/nodes/gw-c2/commands", "{\"interval\": \"PT30S\"}");
        HttpResponse<String> badInterval = controller.post("/api/v1/nodes/gw-c2/commands",
                "{\"kind\": \"set-report-interval\", \"interval\": \"PT0S\", \"sequence\": 5}");
        HttpResponse<String> badRun = controller.post("/api/v1/nodes/gw-c2/commands",
                "{\"kind\": \"run-workload\", \"workloadId\": \"x\", \"image\": \"-rf /\", \"runtime\": \"docker\"}");
        HttpResponse<String> unknownField = controller.post("/api/v1/nodes/gw-c2/commands", "{\"kind\": \"drain\", \"force\": true}");
        HttpResponse<String> notJson = controller.post("/api/v1/nodes/gw-c2/commands", "{\"kind\": ");

        assertThat(List.of(unknownKind, noKind, badInterval, badRun, unknownField, notJson))
                .extracting(HttpResponse::statusCode).containsOnly(400);
        JsonNode kindError = JSON.readTree(unknownKind.body()).path("errors").get(0);
        assertThat(kindError.path("field").asText()).isEqualTo("kind");
        assertThat(kindError.path("message").asText())
                .isEqualTo("must be one of drain, undrain, set-report-interval, run-workload, stop-workload, was 'reboot'");
        assertThat(JSON.readTree(noKind.body()).path("errors").get(0).path("message").asText()).startsWith("is required");
        assertThat(fields(badInterval)).containsExactlyInAnyOrder("interval", "sequence");
        assertThat(JSON.readTree(badInterval.body()).path("errors").toString()).contains("is assigned by the controller");
        assertThat(fields(badRun)).containsExactlyInAnyOrder("image", "runtime");
        assertThat(fields(unknownField)).containsExactly("force");
        assertThat(get("/api/v1/nodes/gw-c2/commands")).isEmpty();
    }

    @Test
    void a_node_that_has_not_reported_has_no_commands_and_a_bad_after_is_400() throws Exception {
        reported("gw-c3");

        assertThat(controller.post("/api/v1/nodes/nobody/commands", "{\"kind\": \"drain\"}").statusCode()).isEqualTo(404);
        assertThat(controller.get("/api/v1/nodes/nobody/commands?after=0").statusCode()).isEqualTo(404);
        assertThat(controller.get("/api/v1/nodes/nobody/commands").statusCode()).isEqualTo(404);
        HttpResponse<String> negative = controller.get("/api/v1/nodes/gw-c3/commands?after=-1");
        HttpResponse<String> text = controller.get("/api/v1/nodes/gw-c3/commands?after=last");
        assertThat(List.of(negative, text)).extracting(HttpResponse::statusCode).containsOnly(400);
        assertThat(fields(text)).containsExactly("after");
        assertThat(get("/api/v1/nodes/gw-c3/commands?after=0")).isEmpty();
    }

    @Test
    void a_bad_outcome_is_400_naming_the_field_and_one_for_a_command_the_node_never_had_is_404() throws Exception {
        reported("gw-c4");
        JsonNode drain = issue("gw-c4", "{\"kind\": \"drain\"}");

        HttpResponse<String> otherNodeAndCommand = answer("gw-c4", drain,
                outcome("gw-c5", drain, "succeeded", "ok").replace(drain.path("commandId").asText(), "another-command"));
        HttpResponse<String> badStatus = answer("gw-c4", drain, outcome("gw-c4", drain, "maybe", "ok"));
        HttpResponse<String> otherSequence = answer("gw-c4", drain,
                outcome("gw-c4", drain, "succeeded", "ok").replace("\"sequence\": 1", "\"sequence\": 9"));
        HttpResponse<String> unknownCommand = controller.post("/api/v1/nodes/gw-c4/commands/c-never/outcome",
                outcome("gw-c4", drain, "succeeded", "ok").replace(drain.path("commandId").asText(), "c-never"));

        assertThat(otherNodeAndCommand.statusCode()).isEqualTo(400);
        assertThat(fields(otherNodeAndCommand)).containsExactlyInAnyOrder("nodeId", "commandId");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(fields(badStatus)).containsExactly("status");
        assertThat(otherSequence.statusCode()).isEqualTo(400);
        assertThat(fields(otherSequence)).containsExactly("sequence");
        assertThat(unknownCommand.statusCode()).isEqualTo(404);
        assertThat(statuses(get("/api/v1/nodes/gw-c4/commands"))).containsExactly("pending");
    }

    @Test
    void a_node_with_too_many_commands_pending_is_refused_more_and_only_answered_ones_are_dropped() throws Exception {
        reported("gw-c6");
        List<JsonNode> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            issued.add(issue("gw-c6", "{\"kind\": \"undrain\"}"));
        }

        HttpResponse<String> sixth = controller.post("/api/v1/nodes/gw-c6/commands", "{\"kind\": \"undrain\"}");

        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(sixth.body()).path("detail").asText()).contains("heliostat.nodes.commands.max-pending")
                .contains("none is dropped");
        for (JsonNode command : issued.subList(0, 4)) {
            assertThat(answer("gw-c6", command, outcome("gw-c6", command, "succeeded", "ok")).statusCode()).isEqualTo(200);
        }
        issue("gw-c6", "{\"kind\": \"undrain\"}");
        issue("gw-c6", "{\"kind\": \"undrain\"}");
        // Four answered, three kept (heliostat.nodes.commands.retained): the lowest went; every pending one stays.
        JsonNode history = get("/api/v1/nodes/gw-c6/commands");
        assertThat(statuses(history)).containsExactly("succeeded", "succeeded", "succeeded", "pending", "pending", "pending");
        assertThat(history.get(0).path("command").path("sequence").asLong()).isEqualTo(2);
        assertThat(controller.get("/api/v1/nodes/gw-c6/commands/" + issued.getFirst().path("commandId").asText()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void an_agent_further_on_than_a_log_the_controllers_lost_gets_its_pending_commands_numbered_after_its_last() throws Exception {
        reported("gw-c7");
        JsonNode drain = issue("gw-c7", "{\"kind\": \"drain\"}");

        // The agent took up to 7 from a controller that has since restarted with no state.
        JsonNode due = get("/api/v1/nodes/gw-c7/commands?after=7");

        assertThat(drain.path("sequence").asLong()).isEqualTo(1);
        assertThat(due.findValuesAsText("commandId")).containsExactly(drain.path("commandId").asText());
        assertThat(due.get(0).path("sequence").asLong()).isEqualTo(8);
        assertThat(issue("gw-c7", "{\"kind\": \"undrain\"}").path("sequence").asLong()).isEqualTo(9);
    }

    @Test
    void a_drained_node_loses_its_workloads_and_takes_no_new_ones_until_an_undrain_and_nothing_moves_back() throws Exception {
        HttpResponse<String> placed = controller.post("/api/v1/placements", """
                {"id": "vision-a", "requests": {"cpu": "1", "memory": "1Gi", "gpu": 1}}
                """);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String drained = JSON.readTree(placed.body()).path("replicas").get(0).path("node").asText();
        assertThat(drained).isIn("no-gpu-1", "de-gpu-1");
        String other = drained.equals("no-gpu-1") ? "de-gpu-1" : "no-gpu-1";
        // Only the drained GPU node is in this zone.
        String onlyThere = "{\"id\": \"%s\", \"requests\": {\"cpu\": \"1\", \"memory\": \"1Gi\", \"gpu\": 1}, \"residency\": [\""
                + (drained.equals("no-gpu-1") ? "NO" : "DE") + "\"]}";

        JsonNode drain = issue(drained, "{\"kind\": \"drain\"}");

        assertThat(drain.path("kind").asText()).isEqualTo("drain");
        assertThat(get("/api/v1/nodes/" + drained).path("draining").asBoolean()).isTrue();
        assertThat(replicaNodes("vision-a")).containsExactly(other);
        assertThat(controller.controller().placements().takesWork(drained)).isFalse();
        // Opening the live plan anew from the Ready nodes keeps it closed.
        controller.controller().placements().rebase();
        HttpResponse<String> whileDrained = controller.post("/api/v1/placements", onlyThere.formatted("vision-b"));
        assertThat(whileDrained.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(whileDrained.body()).path("replicas").get(0).path("node").isNull()).isTrue();

        issue(drained, "{\"kind\": \"undrain\"}");

        assertThat(get("/api/v1/nodes/" + drained).path("draining").asBoolean()).isFalse();
        assertThat(controller.controller().placements().takesWork(drained)).isTrue();
        HttpResponse<String> afterUndrain = controller.post("/api/v1/placements", onlyThere.formatted("vision-c"));
        assertThat(JSON.readTree(afterUndrain.body()).path("replicas").get(0).path("node").asText()).isEqualTo(drained);
        assertThat(replicaNodes("vision-a")).as("nothing moves back").containsExactly(other);
    }

    private static List<String> replicaNodes(String workload) throws Exception {
        List<String> nodes = new ArrayList<>();
        get("/api/v1/placements/" + workload).path("decision").path("replicas").forEach(replica -> nodes.add(replica.path("node").asText()));
        return nodes;
    }

    @Test
    void a_pending_command_can_be_cancelled_and_is_then_not_handed_out_nor_counted_nor_answered() throws Exception {
        reported("gw-c8");
        JsonNode stuck = issue("gw-c8", "{\"kind\": \"undrain\"}");
        for (int i = 0; i < 4; i++) {
            issue("gw-c8", "{\"kind\": \"undrain\"}");
        }
        assertThat(controller.post("/api/v1/nodes/gw-c8/commands", "{\"kind\": \"undrain\"}").statusCode()).isEqualTo(429);
        String path = "/api/v1/nodes/gw-c8/commands/" + stuck.path("commandId").asText();

        HttpResponse<String> cancelled = controller.delete(path);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).path("status").asText()).isEqualTo("cancelled");
        assertThat(get(path).path("outcome").path("message").asText()).contains("cancelled by an operator");
        // No longer handed out, and no longer pending: there is room for one more.
        assertThat(get("/api/v1/nodes/gw-c8/commands?after=0").findValuesAsText("commandId")).doesNotContain(stuck.path("commandId").asText());
        issue("gw-c8", "{\"kind\": \"undrain\"}");
        // A late answer from the agent, a second cancel, and a cancel of what was answered are refused.
        assertThat(answer("gw-c8", stuck, outcome("gw-c8", stuck, "succeeded", "ok")).statusCode()).isEqualTo(409);
        assertThat(controller.delete(path).statusCode()).isEqualTo(409);
        assertThat(controller.delete("/api/v1/nodes/gw-c8/commands/no-such-command").statusCode()).isEqualTo(404);
    }

    @Test
    void the_openapi_document_describes_the_command_endpoints() throws Exception {
        JsonNode paths = get("/api/openapi.json").path("paths");

        assertThat(paths.has("/api/v1/nodes/{id}/commands")).isTrue();
        assertThat(paths.path("/api/v1/nodes/{id}/commands").has("post")).isTrue();
        assertThat(paths.path("/api/v1/nodes/{id}/commands").path("get").path("parameters").findValuesAsText("name")).contains("after");
        assertThat(paths.has("/api/v1/nodes/{id}/commands/{commandId}/outcome")).isTrue();
        assertThat(paths.path("/api/v1/nodes/{id}/commands/{commandId}").has("delete")).isTrue();
    }
}
