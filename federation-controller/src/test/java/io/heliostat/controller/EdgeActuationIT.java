package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.NodeCommand;
import io.heliostat.controller.actuation.EdgeRun;
import io.heliostat.controller.actuation.EdgeRuns;
import io.heliostat.controller.actuation.RunSpec;
import io.heliostat.controller.testing.RunningController;

/**
 * Edge actuation against a real member over HTTP, the test answering the commands as the nodes' agents would: the
 * demo fleet, every node of which has reported once (and stays Ready: the ageing is set to hours), a pass every
 * 200 ms, a failed run tried again after 1 s, then 2 s. Workloads go to the Madrid store's gateways by their site label
 * and a toleration of the edge taint; there are three, each with room for every workload here.
 */
class EdgeActuationIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static RunningController controller;

    @BeforeAll
    static void start() {
        controller = member(Map.of(
                "heliostat.actuation.edge.interval", "PT0.2S",
                "heliostat.actuation.edge.retry-backoff", BACKOFF.toString(),
                "heliostat.actuation.edge.retry-backoff-max", "PT2S"));
        controller.reportEveryDemoNode();
    }

    /** A member of a cluster of its own whose nodes stay Ready and whose placements stay put, with {@code more} settings. */
    private static RunningController member(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "heliostat.cluster.name", "edge-actuation-" + UUID.randomUUID(),
                "heliostat.nodes.suspect-after", "PT1H",
                "heliostat.nodes.lost-after", "PT2H",
                "heliostat.reoptimisation.enabled", "false"));
        settings.putAll(more);
        return RunningController.start(settings);
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    /** A workload with an image that only the Madrid store's gateways take. */
    static String onMadridGateways(String id) {
        return """
                {"id": "%s", "requests": {"cpu": "250m", "memory": "256Mi"}, "image": "ghcr.io/acme/%s:1.0",
                 "nodeSelector": {"heliostat.io/site": "madrid-store"},
                 "tolerations": [{"key": "heliostat.io/edge", "operator": "Exists"}]}
                """.formatted(id, id);
    }

    /** Places the workload and returns the node of its one replica. */
    private static String place(RunningController on, String spec) throws Exception {
        HttpResponse<String> placed = on.post("/api/v1/placements", spec);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String node = JSON.readTree(placed.body()).path("replicas").get(0).path("node").asText();
        assertThat(node).isNotBlank();
        return node;
    }

    private static JsonNode get(RunningController on, String path) throws Exception {
        HttpResponse<String> response = on.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The node's logged commands of {@code kind} for the workload, oldest first. */
    static List<JsonNode> commands(RunningController on, String node, String kind, String workload) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        get(on, "/api/v1/nodes/" + node + "/commands").forEach(logged -> {
            if (logged.at("/command/kind").asText().equals(kind) && logged.at("/command/workloadId").asText().equals(workload)) {
                found.add(logged);
            }
        });
        return found;
    }

    /** Waits for the node's one command of {@code kind} for the workload, and returns it as logged. */
    static JsonNode awaitOne(RunningController on, String node, String kind, String workload) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> commands(on, node, kind, workload), found -> found.size() == 1).get(0);
    }

    /** Answers a logged command as the node's agent would. */
    static void answer(RunningController on, String node, JsonNode logged, String status, String message) {
        JsonNode command = logged.path("command");
        HttpResponse<String> answered = on.post("/api/v1/nodes/" + node + "/commands/" + command.path("commandId").asText() + "/outcome", """
                {"commandId": "%s", "sequence": %d, "nodeId": "%s", "status": "%s", "message": "%s", "exitCode": %d,
                 "finishedAt": "%s"}
                """.formatted(command.path("commandId").asText(), command.path("sequence").asLong(), node, status, message,
                status.equals("succeeded") ? 0 : 1, Instant.now()));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    }

    private static JsonNode actuation(String workload) throws Exception {
        return get(controller, "/api/v1/placements/" + workload).path("actuation");
    }

    @Test
    void a_workload_with_an_image_on_a_gateway_is_run_there_once_shows_running_and_is_stopped_when_deleted() throws Exception {
        String node = place(controller, onMadridGateways("ingest-a"));

        JsonNode run = awaitOne(controller, node, "run-workload", "ingest-a");

        assertThat(node).startsWith("gw-mad-");
        JsonNode command = run.path("command");
        assertThat(command.path("image").asText()).isEqualTo("ghcr.io/acme/ingest-a:1.0");
        // A container image: of the gateway's wasm and runc, only runc runs one.
        assertThat(command.path("runtime").asText()).isEqualTo("runc");
        assertThat(command.path("cpuMillis").asLong()).isEqualTo(250);
        assertThat(command.path("memoryMiB").asLong()).isEqualTo(256);
        JsonNode pending = actuation("ingest-a").get(0);
        assertThat(pending.path("replica").asText()).isEqualTo("ingest-a#0");
        assertThat(pending.path("node").asText()).isEqualTo(node);
        assertThat(pending.path("state").asText()).isEqualTo("pending");
        assertThat(pending.path("commandId").asText()).isEqualTo(command.path("commandId").asText());

        answer(controller, node, run, "succeeded", "exit 0: started");

        // The view reads the node's log as it is: the answer shows at once.
        JsonNode running = actuation("ingest-a");
        assertThat(running).hasSize(1);
        assertThat(running.get(0).path("state").asText()).isEqualTo("running");
        assertThat(running.get(0).path("message").asText()).isEqualTo("exit 0: started");
        // Passes come every 200 ms: none issues the run again.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> commands(controller, node, "run-workload", "ingest-a").size() == 1);

        assertThat(controller.delete("/api/v1/placements/ingest-a").statusCode()).isEqualTo(204);

        JsonNode stop = awaitOne(controller, node, "stop-workload", "ingest-a");
        answer(controller, node, stop, "succeeded", "exit 0: stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> !controller.controller().cluster().edgeRuns().containsKey("ingest-a"));
        assertThat(commands(controller, node, "stop-workload", "ingest-a")).as("stopped once").hasSize(1);
    }

    @Test
    void a_failed_run_is_tried_again_after_the_back_off_and_not_at_every_pass() throws Exception {
        String node = place(controller, onMadridGateways("ingest-b"));
        JsonNode first = awaitOne(controller, node, "run-workload", "ingest-b");

        answer(controller, node, first, "failed", "exit 1: image not found");

        JsonNode failed = actuation("ingest-b").get(0);
        assertThat(failed.path("state").asText()).isEqualTo("failed");
        assertThat(failed.path("message").asText()).contains("image not found");
        List<JsonNode> runs = await().atMost(Duration.ofSeconds(20))
                .until(() -> commands(controller, node, "run-workload", "ingest-b"), found -> found.size() == 2);
        Instant failedAt = Instant.parse(commands(controller, node, "run-workload", "ingest-b").get(0).path("answeredAt").asText());
        Instant triedAgain = Instant.parse(runs.get(1).at("/command/issuedAt").asText());
        // Five passes or more came between the two: only the back-off let the second through.
        assertThat(Duration.between(failedAt, triedAgain)).isGreaterThanOrEqualTo(BACKOFF);
        assertThat(runs.get(1).at("/command/commandId").asText()).isNotEqualTo(first.at("/command/commandId").asText());

        answer(controller, node, runs.get(1), "succeeded", "exit 0: started");

        assertThat(actuation("ingest-b").get(0).path("state").asText()).isEqualTo("running");
    }

    @Test
    void a_workload_on_a_cloud_node_gets_no_command_and_one_without_an_image_is_placed_but_not_run() throws Exception {
        String cloudNode = place(controller, """
                {"id": "web-cloud", "requests": {"cpu": "250m", "memory": "256Mi"}, "image": "ghcr.io/acme/web:1.0"}
                """);
        String withoutImage = onMadridGateways("ingest-plain").replace("\"image\": \"ghcr.io/acme/ingest-plain:1.0\",", "");
        String plainNode = place(controller, withoutImage);
        String laterNode = place(controller, onMadridGateways("ingest-c"));

        // Passes after the first two placements have run once this one's run is issued.
        awaitOne(controller, laterNode, "run-workload", "ingest-c");

        assertThat(cloudNode).doesNotStartWith("gw-");
        assertThat(get(controller, "/api/v1/nodes/" + cloudNode + "/commands")).as("a cloud node is left to Kubernetes").isEmpty();
        assertThat(actuation("web-cloud")).isEmpty();
        assertThat(commands(controller, plainNode, "run-workload", "ingest-plain")).isEmpty();
        JsonNode plain = actuation("ingest-plain").get(0);
        assertThat(plain.path("state").asText()).isEqualTo("not-actuated");
        assertThat(plain.path("message").asText()).contains("no image");
    }

    @Test
    void a_drained_gateways_workload_is_stopped_there_and_run_where_it_went() throws Exception {
        String drained = place(controller, onMadridGateways("ingest-d"));
        answer(controller, drained, awaitOne(controller, drained, "run-workload", "ingest-d"), "succeeded", "exit 0: started");

        HttpResponse<String> drain = controller.post("/api/v1/nodes/" + drained + "/commands", "{\"kind\": \"drain\"}");
        assertThat(drain.statusCode()).as(drain.body()).isEqualTo(202);

        String moved = get(controller, "/api/v1/placements/ingest-d").at("/decision/replicas/0/node").asText();
        assertThat(moved).startsWith("gw-mad-").isNotEqualTo(drained);
        JsonNode stop = awaitOne(controller, drained, "stop-workload", "ingest-d");
        JsonNode run = awaitOne(controller, moved, "run-workload", "ingest-d");
        JsonNode both = actuation("ingest-d");
        assertThat(both.findValuesAsText("node")).containsExactly(moved, drained);
        assertThat(both.findValuesAsText("state")).containsExactly("pending", "stopping");
        assertThat(both.get(1).path("replica").isNull()).as("no replica is on the drained node any more").isTrue();

        answer(controller, drained, stop, "succeeded", "exit 0: stopped");
        answer(controller, moved, run, "succeeded", "exit 0: started");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = actuation("ingest-d");
            assertThat(after.findValuesAsText("node")).containsExactly(moved);
            assertThat(after.findValuesAsText("state")).containsExactly("running");
        });
        assertThat(controller.post("/api/v1/nodes/" + drained + "/commands", "{\"kind\": \"undrain\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void a_run_a_leader_decided_and_died_before_issuing_is_issued_by_the_next_once_under_its_id() throws Exception {
        // Actuation is off on this member: its passes run only when the test calls them.
        try (RunningController member = member(Map.of("heliostat.actuation.edge.enabled", "false"))) {
            member.reportDemoNodes(node -> node.startsWith("gw-mad-"));
            String node = place(member, onMadridGateways("ingest-e"));
            // What the old leader wrote before it died: its decision, under epoch 0, with the id it chose.
            member.controller().cluster().edgeRuns().set("ingest-e", new EdgeRuns("ingest-e", List.of(new EdgeRun(node, EdgeRun.RUN,
                    "edge-of-the-old-leader", new RunSpec("ghcr.io/acme/ingest-e:1.0", "runc", 250, 256), Instant.now(), 0, null, 0,
                    null))));
            assertThat(get(member, "/api/v1/placements/ingest-e").at("/actuation/0/message").asText())
                    .contains("not yet in the node's command log");

            member.controller().edgeActuation().reconcile();
            member.controller().edgeActuation().reconcile();
            // The old leader, paused rather than dead, issues it after all.
            member.controller().commands().issueFromController(node, new NodeCommand.RunWorkload("edge-of-the-old-leader", 1,
                    Instant.now(), "ingest-e", "ghcr.io/acme/ingest-e:1.0", "runc", 250, 256));

            List<JsonNode> runs = commands(member, node, "run-workload", "ingest-e");
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).at("/command/commandId").asText()).isEqualTo("edge-of-the-old-leader");
        }
    }

    @Test
    void a_gateway_whose_command_log_is_full_waits_without_holding_up_the_others_and_is_served_once_it_has_room() throws Exception {
        // Of the edge nodes, only gw-ber-1 and gw-mad-1 have reported: each site's workload has one node to go to.
        try (RunningController small = member(Map.of("heliostat.nodes.commands.max-pending", "2",
                "heliostat.actuation.edge.interval", "PT0.2S"))) {
            small.reportDemoNodes(node -> node.equals("gw-ber-1") || node.equals("gw-mad-1"));
            List<JsonNode> operators = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> issued = small.post("/api/v1/nodes/gw-ber-1/commands", "{\"kind\": \"undrain\"}");
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
                operators.add(JSON.readTree("{\"command\": " + issued.body() + "}"));
            }

            // Berlin's run is refused (and, at each timer pass, tried first: passes go in workload id order); Madrid's is not held up.
            assertThat(place(small, onMadridGateways("ingest-ber").replace("madrid-store", "berlin-factory"))).isEqualTo("gw-ber-1");
            assertThat(place(small, onMadridGateways("ingest-mad"))).isEqualTo("gw-mad-1");

            awaitOne(small, "gw-mad-1", "run-workload", "ingest-mad");
            assertThat(commands(small, "gw-ber-1", "run-workload", "ingest-ber")).isEmpty();
            JsonNode waiting = get(small, "/api/v1/placements/ingest-ber").path("actuation").get(0);
            assertThat(waiting.path("state").asText()).isEqualTo("pending");
            assertThat(waiting.path("message").asText()).contains("waits for room");

            answer(small, "gw-ber-1", operators.get(0), "succeeded", "taking workloads again");

            awaitOne(small, "gw-ber-1", "run-workload", "ingest-ber");
        }
    }
}
