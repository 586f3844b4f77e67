package io.heliostat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.hono.AdapterBroker;
import io.heliostat.agent.hono.Application;
import io.heliostat.controller.Controller;
import io.heliostat.controller.testing.EmbeddedKafka;
import io.heliostat.controller.testing.HonoPeer;
import io.heliostat.controller.testing.RunningController;

/**
 * The Eclipse Hono path end to end, every part real but Hono itself: the edge agent's Hono jar, in a process of its
 * own, reads the gateway fixture as the demo fleet's gw-mad-1 and reports as device gw-mad-1 of tenant fleet-a to an
 * AMQP adapter (an embedded Artemis broker); a {@link HonoAdapterBridge} does what Hono's adapter does between it and
 * Kafka (in-process, KRaft); and a controller member that takes telemetry from Hono only (its HTTP report endpoint is
 * off) reads it there. The node becomes Ready with the fixture's figures and takes a placement, which the controller's
 * edge actuation runs on it; that run and commands issued over the controller's REST API go the other way to the agent,
 * which carries them out, and their outcomes come back to the command log.
 */
class HonoEndToEndIT {

    /** Built by edge-agent's package phase, before this module in the reactor. */
    private static final Path HONO_JAR = Path.of("../edge-agent/target/heliostat-edge-agent-hono.jar");
    private static final String TENANT = "fleet-a";
    private static final String NODE = "gw-mad-1";
    private static final String PASSWORD = "madrid-store-secret";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path temp;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Process agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closedAfter(T resource) {
        closing.add(resource);
        return resource;
    }

    @Test
    void a_gateway_reporting_through_hono_is_ready_runs_a_placement_and_carries_out_commands_issued_over_rest() throws Exception {
        EmbeddedKafka kafka = closedAfter(EmbeddedKafka.start());
        HonoPeer hono = closedAfter(new HonoPeer(kafka.bootstrapServers()));
        AdapterBroker broker = closedAfter(new AdapterBroker(temp.resolve("broker")).withDevice(TENANT, NODE, PASSWORD).start());
        Application adapter = closedAfter(new Application(broker.port()));
        HonoAdapterBridge bridge = closedAfter(HonoAdapterBridge.start(TENANT, adapter, hono));
        agent = startAgent(broker);
        // Earliest: the reports the agent sends while the controller starts are read too, none missed. No
        // re-optimisation: a round would solve for 10 s on the test's two cores, and the stop would wait for it.
        RunningController controller = closedAfter(RunningController.start(Map.of("heliostat.cluster.name", "hono-e2e-" + UUID.randomUUID(),
                "heliostat.telemetry.transports", "hono", "heliostat.hono.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "heliostat.hono.tenants", TENANT, "heliostat.hono.kafka.auto-offset-reset", "earliest",
                "heliostat.reoptimisation.enabled", "false")));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(agent.isAlive()).as("the agent runs; its log: %s", agentLog()).isTrue();
            JsonNode node = get(controller, "/api/v1/nodes/" + NODE);
            GatewayFixture.assertReadyWithTheFixturesFigures(node);
            assertThat(node.path("lastSequence").asLong()).isGreaterThanOrEqualTo(3);
        });
        assertThat(get(controller, "/api/v1/nodes/" + NODE).path("missedReports").asLong()).isZero();
        assertThat(controller.post("/api/v1/nodes/" + NODE + "/reports", "{}").statusCode()).as("HTTP reports are off").isEqualTo(404);

        // Of the demo fleet only gw-mad-1 has reported, so only it is open to new work. The placement is carried out on
        // the gateway: the controller's edge actuation issues a run, which goes through Kafka, the bridge and the
        // adapter to the agent, whose run command leaves its mark; the answer comes back the same way.
        HttpResponse<String> placed = controller.post("/api/v1/placements", """
                {"id": "shelf-camera", "requests": {"cpu": "500m", "memory": "256Mi"}, "image": "ghcr.io/acme/shelf-camera:2.0",
                 "sandbox": {"wasmModule": true}, "nodeSelector": {"heliostat.io/site": "madrid-store"},
                 "tolerations": [{"key": "heliostat.io/edge", "operator": "Exists", "effect": "NoSchedule"}]}
                """);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        assertThat(get(controller, "/api/v1/placements/shelf-camera").at("/decision/replicas/0/node").asText()).isEqualTo(NODE);
        Path running = temp.resolve("running-shelf-camera");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(running).exists();
            assertThat(get(controller, "/api/v1/placements/shelf-camera").path("actuation").findValuesAsText("state")).containsExactly("running");
        });
        assertThat(Files.readString(running).strip()).isEqualTo("ghcr.io/acme/shelf-camera:2.0 wasm");

        JsonNode interval = issue(controller, "{\"kind\": \"set-report-interval\", \"interval\": \"PT1S\"}");
        awaitOutcome(controller, interval, "reporting every PT1S");
        JsonNode drain = issue(controller, "{\"kind\": \"drain\"}");
        assertThat(controller.controller().placements().takesWork(NODE)).as("closed when the drain is issued").isFalse();
        assertThat(get(controller, "/api/v1/placements/shelf-camera").at("/decision/replicas/0/node").asText()).as("placed anew")
                .isNotEqualTo(NODE);
        awaitOutcome(controller, drain, "drained: stopped 1 workload");
        assertThat(running).doesNotExist();

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode node = get(controller, "/api/v1/nodes/" + NODE);
            assertThat(node.path("draining").asBoolean()).isTrue();
            assertThat(node.at("/lastReport/taints").findValuesAsText("key")).contains("heliostat.io/draining");
        });
        // Both commands went through Hono's topics and the adapter, and both answers came back that way.
        assertThat(bridge.commands()).extracting(HonoPeer.Command::subject).containsSubsequence("run-workload", "set-report-interval", "drain");
        assertThat(bridge.responses()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(bridge.responses().values()).as("Hono's status of each answer").containsOnly(200);
        assertThat(bridge.commands()).extracting(HonoPeer.Command::correlationId).containsAll(bridge.responses().keySet());
        assertThat(bridge.dropped()).isEmpty();
        assertThat(agentLog()).contains("connected to Hono AMQP adapter " + broker.uri() + " as " + NODE + "@" + TENANT);
    }

    /** The Hono jar as a gateway runs it, as device and node gw-mad-1, reporting every 200 ms until told otherwise. */
    private Process startAgent(AdapterBroker broker) throws IOException {
        Path passwordFile = temp.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-jar", HONO_JAR.toString(),
                "--hono-amqp", broker.uri().toString(), "--tenant", TENANT, "--device", NODE, "--password-file", passwordFile.toString(),
                "--node-id", NODE, "--cluster", "edge-madrid-store", "--report-interval", "200ms", "--report-jitter", "0",
                "--buffer-directory", temp.resolve("state").toString(), "--proc-root", GatewayFixture.TREE.resolve("proc").toString(),
                "--sys-root", GatewayFixture.TREE.resolve("sys").toString(), "--disk-path", temp.toString(),
                "--runtimes-path", GatewayFixture.TREE.resolve("bin").toString(), "--power-idle-watts", "1.1", "--power-max-watts", "2.9",
                "--taints", "heliostat.io/edge=true:NoSchedule", "--retry-initial-delay", "50ms", "--retry-max-delay", "500ms",
                "--workload-run-command", "echo \"$HELIOSTAT_IMAGE $HELIOSTAT_RUNTIME\" > '" + temp + "'/running-\"$HELIOSTAT_WORKLOAD\"",
                "--workload-stop-command", "rm -f '" + temp + "'/running-\"$HELIOSTAT_WORKLOAD\"");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve("agent.log").toFile()).start();
    }

    private String agentLog() throws IOException {
        return Files.readString(temp.resolve("agent.log"));
    }

    private static JsonNode issue(RunningController controller, String command) throws IOException {
        HttpResponse<String> response = controller.post("/api/v1/nodes/" + NODE + "/commands", command);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Controller.objectMapper().readTree(response.body());
    }

    private static void awaitOutcome(RunningController controller, JsonNode command, String message) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode answered = get(controller, "/api/v1/nodes/" + NODE + "/commands/" + command.path("commandId").asText());
            assertThat(answered.path("status").asText()).isEqualTo("succeeded");
            assertThat(answered.path("outcome").path("message").asText()).isEqualTo(message);
        });
    }

    private static JsonNode get(RunningController controller, String path) throws IOException {
        HttpResponse<String> response = controller.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Controller.objectMapper().readTree(response.body());
    }
}
