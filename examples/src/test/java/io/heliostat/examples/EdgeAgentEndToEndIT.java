package io.heliostat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.AgentConfig;
import io.heliostat.agent.AgentStatus;
import io.heliostat.agent.EdgeAgent;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerMain;

/**
 * An edge agent and a controller member, both real, on loopback: the agent reads the gateway fixture's /proc and
 * /sys as the demo fleet's node gw-mad-1 and reports over HTTP. The node becomes Ready with the fixture's capacity;
 * then the controller stops, the agent keeps its reports on disk, a new member starts on the same port, and every
 * report arrives, in order, none missed. And a drain issued over REST reaches the agent, which stops what it ran and
 * answers; its reports carry the draining taint from then on. And a workload with an image placed on the agent's node
 * is run there by the controller's edge actuation, shows running in its placement, and is stopped when deleted.
 */
class EdgeAgentEndToEndIT {

    private static final String CLUSTER_NAME = "agent-e2e-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path state;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ControllerMain.Embedded controller(int httpPort) throws IOException {
        return ControllerMain.startEmbedded(Map.of("camel.server.port", Integer.toString(httpPort), "camel.server.host", "127.0.0.1",
                "heliostat.cluster.port", Integer.toString(freePort()), "heliostat.cluster.name", CLUSTER_NAME,
                "heliostat.policies.directory", "policies", "heliostat.fleet.file", "fleets/demo-fleet.json"));
    }

    /** The agent of gw-mad-1, reading the gateway fixture, reporting every 200 ms; {@code more} adds or replaces settings. */
    private AgentConfig agentConfig(int httpPort, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.ofEntries(Map.entry("controller", "http://127.0.0.1:" + httpPort),
                Map.entry("node.id", "gw-mad-1"), Map.entry("cluster", "edge-madrid-store"), Map.entry("report.interval", "200ms"),
                Map.entry("report.jitter", "0"), Map.entry("buffer.directory", state.toString()),
                Map.entry("proc.root", GatewayFixture.TREE.resolve("proc").toString()), Map.entry("sys.root", GatewayFixture.TREE.resolve("sys").toString()),
                Map.entry("disk.path", state.toString()), Map.entry("runtimes.path", GatewayFixture.TREE.resolve("bin").toString()),
                Map.entry("power.idle-watts", "1.1"), Map.entry("power.max-watts", "2.9"),
                Map.entry("taints", "heliostat.io/edge=true:NoSchedule"), Map.entry("retry.initial-delay", "50ms"),
                Map.entry("retry.max-delay", "500ms")));
        settings.putAll(more);
        return AgentConfig.of(settings);
    }

    private JsonNode node(int httpPort) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/nodes/gw-mad-1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Controller.objectMapper().readTree(response.body());
    }

    @Test
    void a_gateway_reports_through_a_controller_restart_without_losing_a_report() throws Exception {
        int httpPort = freePort();
        AgentConfig config = agentConfig(httpPort, Map.of());

        ControllerMain.Embedded first = controller(httpPort);
        try (EdgeAgent agent = EdgeAgent.start(config)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode node = node(httpPort);
                GatewayFixture.assertReadyWithTheFixturesFigures(node);
                assertThat(node.path("lastSequence").asLong()).isGreaterThanOrEqualTo(3);
            });
            assertThat(node(httpPort).path("missedReports").asLong()).isZero();

            first.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.status().buffered() >= 5);
            long acknowledgedBeforeOutage = agent.status().lastAcknowledged();

            try (ControllerMain.Embedded second = controller(httpPort)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.status().buffered() == 0);
                AgentStatus status = agent.status();
                // The agent keeps reporting: the node and the member's count are read again until no report came in
                // between them.
                JsonNode[] node = new JsonNode[1];
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    long acceptedBefore = second.controller().nodes().acceptedReports();
                    node[0] = node(httpPort);
                    long accepted = second.controller().nodes().acceptedReports();
                    assertThat(accepted).isEqualTo(acceptedBefore);
                    long firstSeen = node[0].path("lastSequence").asLong() - accepted + 1;

                    // The new member has no memory of the node: it first saw the oldest report the agent had
                    // buffered, and every one after it, in order (none missed, none late).
                    assertThat(firstSeen).isEqualTo(acknowledgedBeforeOutage + 1);
                });
                assertThat(node[0].path("missedReports").asLong()).isZero();
                assertThat(node[0].path("ignoredReports").asLong()).isZero();
                assertThat(node[0].path("lastSequence").asLong()).isGreaterThanOrEqualTo(status.lastAcknowledged());
                assertThat(status.outOfOrder()).isZero();
                assertThat(status.duplicates()).isZero();
                assertThat(status.rejected()).isZero();
                assertThat(status.summarised()).isZero();
            }
        }
    }

    @Test
    void a_drain_issued_over_rest_is_carried_out_by_the_agent_whose_reports_then_carry_the_draining_taint() throws Exception {
        int httpPort = freePort();
        Path runtime = state.resolve("runtime.log");
        AgentConfig config = agentConfig(httpPort, Map.of("commands.poll-interval", "200ms",
                "workload.run-command", "echo \"run $HELIOSTAT_WORKLOAD $HELIOSTAT_RUNTIME\" >> '" + runtime + "'",
                "workload.stop-command", "echo \"stop $HELIOSTAT_WORKLOAD\" >> '" + runtime + "'"));

        try (ControllerMain.Embedded controller = controller(httpPort); EdgeAgent agent = EdgeAgent.start(config)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node(httpPort).path("status").asText()).isEqualTo("READY"));
            JsonNode run = issue(httpPort, """
                    {"kind": "run-workload", "workloadId": "sensor-ingest", "image": "ghcr.io/acme/ingest:1.2", "runtime": "wasm",
                     "cpuMillis": 500, "memoryMiB": 256}
                    """);
            await().atMost(Duration.ofSeconds(30)).until(() -> command(httpPort, run).path("status").asText().equals("succeeded"));

            JsonNode drain = issue(httpPort, "{\"kind\": \"drain\"}");

            // The controller closes the node at once; the agent takes the drain at its next poll and stops what it ran.
            assertThat(controller.controller().placements().takesWork("gw-mad-1")).isFalse();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode answered = command(httpPort, drain);
                assertThat(answered.path("status").asText()).isEqualTo("succeeded");
                assertThat(answered.path("outcome").path("message").asText()).isEqualTo("drained: stopped 1 workload");
            });
            assertThat(agent.status().drained()).isTrue();
            assertThat(Files.readAllLines(runtime)).containsExactly("run sensor-ingest wasm", "stop sensor-ingest");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode node = node(httpPort);
                assertThat(node.path("draining").asBoolean()).isTrue();
                assertThat(node.at("/lastReport/taints").findValuesAsText("key")).contains("heliostat.io/draining");
            });
            assertThat(get(httpPort, "/api/v1/nodes/gw-mad-1/commands?after=0")).as("nothing left to take").isEmpty();
        }
    }

    @Test
    void a_workload_placed_on_the_gateway_is_run_by_its_agent_shows_running_and_is_stopped_when_deleted() throws Exception {
        int httpPort = freePort();
        Path running = state.resolve("running-sensor-ingest");
        AgentConfig config = agentConfig(httpPort, Map.of("commands.poll-interval", "200ms",
                "workload.run-command", "echo \"$HELIOSTAT_IMAGE $HELIOSTAT_RUNTIME $HELIOSTAT_CPU_MILLIS\" > '" + state
                        + "'/running-\"$HELIOSTAT_WORKLOAD\"",
                "workload.stop-command", "rm '" + state + "'/running-\"$HELIOSTAT_WORKLOAD\""));

        try (ControllerMain.Embedded controller = controller(httpPort); EdgeAgent agent = EdgeAgent.start(config)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node(httpPort).path("status").asText()).isEqualTo("READY"));
            // Of the fleet's nodes only gw-mad-1 has reported: the Madrid store's WASM module goes there.
            HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                            + "/api/v1/placements")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"id": "sensor-ingest", "requests": {"cpu": "250m", "memory": "128Mi"}, "image": "ghcr.io/acme/ingest:1.2",
                             "sandbox": {"wasmModule": true}, "nodeSelector": {"heliostat.io/site": "madrid-store"},
                             "tolerations": [{"key": "heliostat.io/edge", "operator": "Exists"}]}
                            """)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            assertThat(Controller.objectMapper().readTree(placed.body()).at("/replicas/0/node").asText()).isEqualTo("gw-mad-1");

            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(running));
            assertThat(Files.readString(running).strip()).isEqualTo("ghcr.io/acme/ingest:1.2 wasm 250");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode actuation = get(httpPort, "/api/v1/placements/sensor-ingest").path("actuation");
                assertThat(actuation.findValuesAsText("state")).containsExactly("running");
                assertThat(actuation.findValuesAsText("runtime")).containsExactly("wasm");
            });

            HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/api/v1/placements/sensor-ingest")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(running));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode history = get(httpPort, "/api/v1/nodes/gw-mad-1/commands");
                assertThat(history).extracting(logged -> logged.at("/command/kind").asText() + " " + logged.path("status").asText())
                        .containsExactly("run-workload succeeded", "stop-workload succeeded");
            });
        }
    }

    private JsonNode issue(int httpPort, String command) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/api/v1/nodes/gw-mad-1/commands")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(command)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Controller.objectMapper().readTree(response.body());
    }

    private JsonNode command(int httpPort, JsonNode command) throws Exception {
        return get(httpPort, "/api/v1/nodes/gw-mad-1/commands/" + command.path("commandId").asText());
    }

    private JsonNode get(int httpPort, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Controller.objectMapper().readTree(response.body());
    }
}
