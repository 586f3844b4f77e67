package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.controller.hono.HonoCommandException;
import io.heliostat.controller.hono.HonoNorthbound;
import io.heliostat.controller.hono.HonoTelemetry;
import io.heliostat.controller.hono.HonoTelemetry.Rejection;
import io.heliostat.controller.testing.EmbeddedKafka;
import io.heliostat.controller.testing.HonoPeer;
import io.heliostat.controller.testing.RunningController;

/**
 * A controller that takes telemetry over HTTP and from Hono, against a real Kafka holding Hono's topics: reports as
 * Hono's adapter writes them, and devices that answer commands as Hono's command router and a device do.
 */
class HonoNorthboundIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static final String TENANT = "fleet-a";
    private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");
    /** The edge agent's Hono transport (HonoTransport.REPORT_CONTENT_TYPE and OUTCOME_CONTENT_TYPE) sends these. */
    private static final String AGENT_REPORT = "application/vnd.heliostat.node-report+json";
    private static final String AGENT_OUTCOME = "application/vnd.heliostat.command-outcome+json";

    private static final Set<String> LATE_DEVICE_SEEN = ConcurrentHashMap.newKeySet();

    private static EmbeddedKafka kafka;
    private static HonoPeer hono;
    private static HonoPeer.Devices devices;
    private static RunningController controller;
    private static HonoNorthbound northbound;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        hono = new HonoPeer(kafka.bootstrapServers());
        devices = hono.answer(TENANT, HonoNorthboundIT::device);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // The controller starts before Hono has written anything: its consumer has the topic created.
            assertThat(admin.listTopics().names().get()).doesNotContain("hono.telemetry." + TENANT);
        }
        controller = RunningController.start(Map.of(
                "heliostat.telemetry.transports", "http,hono",
                "heliostat.hono.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "heliostat.hono.tenants", TENANT,
                "heliostat.hono.command-timeout", "PT5S"));
        northbound = controller.controller().hono().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> northbound.consuming(TENANT));
    }

    @AfterAll
    static void stop() throws Exception {
        controller.close();
        devices.close();
        hono.close();
        kafka.close();
    }

    @Test
    void a_device_s_telemetry_makes_its_node_ready_with_the_reported_figures() throws Exception {
        hono.telemetryNow(TENANT, "hono-gw-1", AGENT_REPORT, NodeTelemetryIT.report("hono-gw-1", 1));

        JsonNode node = awaitNode("hono-gw-1", view -> view.path("lastSequence").asLong() == 1);
        assertThat(node.path("status").asText()).isEqualTo("READY");
        assertThat(node.path("cluster").asText()).isEqualTo("edge-berlin");
        assertThat(node.path("lastReport").path("capacity").path("cpuMillis").asLong()).isEqualTo(4000);
        assertThat(node.path("lastReport").path("power").path("drawWatts").asDouble()).isEqualTo(5.2);
        assertThat(node.path("lastReport").path("runtimes").toString()).isEqualTo("[\"runc\",\"wasm\"]");
    }

    @Test
    void duplicates_and_late_reports_are_ignored_and_gaps_counted_as_over_http() throws Exception {
        for (long sequence : new long[] {5, 8, 8, 7}) {
            hono.telemetryNow(TENANT, "hono-gw-2", "application/json; charset=utf-8", NodeTelemetryIT.report("hono-gw-2", sequence));
        }

        JsonNode node = awaitNode("hono-gw-2", view -> view.path("ignoredReports").asLong() == 2);
        assertThat(node.path("lastSequence").asLong()).isEqualTo(8);
        assertThat(node.path("missedReports").asLong()).isEqualTo(2);
        assertThat(node.path("status").asText()).isEqualTo("READY");
    }

    @Test
    void reports_over_http_and_through_hono_are_one_sequence_per_node() throws Exception {
        assertThat(controller.post("/api/v1/nodes/hono-gw-5/reports", NodeTelemetryIT.report("hono-gw-5", 1)).statusCode()).isEqualTo(202);
        hono.telemetryNow(TENANT, "hono-gw-5", "application/json", NodeTelemetryIT.report("hono-gw-5", 1));
        hono.telemetryNow(TENANT, "hono-gw-5", "application/json", NodeTelemetryIT.report("hono-gw-5", 3));
        awaitNode("hono-gw-5", view -> view.path("lastSequence").asLong() == 3);

        var late = controller.post("/api/v1/nodes/hono-gw-5/reports", NodeTelemetryIT.report("hono-gw-5", 2));

        assertThat(JSON.readTree(late.body()).path("kind").asText()).isEqualTo("OUT_OF_ORDER");
        JsonNode node = JSON.readTree(controller.get("/api/v1/nodes/hono-gw-5").body());
        assertThat(node.path("ignoredReports").asLong()).as("Hono's copy of report 1, and HTTP's late report 2").isEqualTo(2);
        assertThat(node.path("missedReports").asLong()).isEqualTo(1);
    }

    @Test
    void a_bad_record_is_skipped_and_counted_and_the_next_good_one_is_applied() throws Exception {
        HonoTelemetry.Counts before = northbound.telemetry().counts();
        String device = "hono-gw-3";
        // Each bad record carries a sequence above the good one's: had any been applied, the good one would be late.
        hono.telemetry(TENANT, device, "text/plain", NodeTelemetryIT.report(device, 9));
        hono.telemetry(TENANT, device, "application/json", NodeTelemetryIT.report("hono-gw-4", 9));
        hono.telemetry(TENANT, device, "application/json", NodeTelemetryIT.report(device, 9).substring(0, 60));
        hono.telemetry(TENANT, device, "application/json",
                NodeTelemetryIT.report(device, 9).replace("\"cpuMillis\": 4000", "\"cpuMillis\": -4000"));
        hono.telemetry(TENANT, device, Map.of("content-type", "application/json"), NodeTelemetryIT.report(device, 9));
        hono.telemetryNow(TENANT, device, "application/json", NodeTelemetryIT.report(device, 1));

        JsonNode node = awaitNode(device, view -> view.path("lastSequence").asLong() >= 1);
        assertThat(node.path("lastSequence").asLong()).isEqualTo(1);
        assertThat(node.path("ignoredReports").asLong()).isZero();
        assertThat(controller.get("/api/v1/nodes/hono-gw-4").statusCode()).isEqualTo(404);
        HonoTelemetry.Counts after = northbound.telemetry().counts();
        assertThat(after.rejected(Rejection.NOT_JSON) - before.rejected(Rejection.NOT_JSON)).isEqualTo(1);
        assertThat(after.rejected(Rejection.OTHER_NODE) - before.rejected(Rejection.OTHER_NODE)).isEqualTo(1);
        assertThat(after.rejected(Rejection.INVALID_REPORT) - before.rejected(Rejection.INVALID_REPORT))
                .as("the truncated body and the negative capacity").isEqualTo(2);
        assertThat(after.rejected(Rejection.NO_DEVICE) - before.rejected(Rejection.NO_DEVICE)).isEqualTo(1);
        assertThat(after.failed()).isZero();
    }

    @Test
    void a_command_goes_to_the_device_with_hono_s_headers_and_its_outcome_comes_back() throws Exception {
        NodeCommand drain = new NodeCommand.Drain("c-drain-1", 1, ISSUED);

        CommandOutcome outcome = send("cmd-ok", drain);

        assertThat(outcome.commandId()).isEqualTo("c-drain-1");
        assertThat(outcome.nodeId()).isEqualTo("cmd-ok");
        assertThat(outcome.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        HonoPeer.Command received = devices.received().stream().filter(command -> command.deviceId().equals("cmd-ok"))
                .findFirst().orElseThrow();
        assertThat(received.key()).isEqualTo("cmd-ok");
        assertThat(received.subject()).isEqualTo("drain");
        assertThat(received.correlationId()).isNotBlank();
        assertThat(received.responseRequired()).isEqualTo("true");
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(JSON.readValue(received.body(), NodeCommand.class)).isEqualTo(drain);
    }

    @Test
    void a_device_that_refuses_with_an_error_status_and_an_outcome_gives_that_outcome() throws Exception {
        CommandOutcome outcome = send("cmd-refuses", new NodeCommand.RunWorkload("c-run-1", 2, ISSUED, "ingest",
                "ghcr.io/acme/ingest:1.2", "kata", 500, 256));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.errors()).extracting(FieldError::field).containsExactly("runtime");
    }

    @Test
    void a_device_that_ran_the_command_and_failed_answers_500_with_its_outcome_as_the_agent_does() throws Exception {
        CommandOutcome outcome = send("cmd-fails", new NodeCommand.StopWorkload("c-stop-1", 6, ISSUED, "ingest"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(125);
    }

    @Test
    void no_response_within_the_command_timeout_fails_the_command_as_timed_out() {
        assertThatThrownBy(() -> send("cmd-silent", new NodeCommand.Undrain("c-undrain-1", 3, ISSUED)))
                .isInstanceOfSatisfying(HonoCommandException.class, e -> {
                    assertThat(e.reason()).isEqualTo(HonoCommandException.Reason.TIMED_OUT);
                    assertThat(e.getMessage()).contains("c-undrain-1", "cmd-silent", "PT5S", "heliostat.hono.command-timeout");
                });
        assertThat(devices.received()).extracting(HonoPeer.Command::deviceId).contains("cmd-silent");
    }

    @Test
    void hono_s_error_status_without_an_outcome_fails_the_command_as_undelivered_with_the_status() {
        assertThatThrownBy(() -> send("cmd-offline", new NodeCommand.Drain("c-drain-2", 4, ISSUED)))
                .isInstanceOfSatisfying(HonoCommandException.class, e -> {
                    assertThat(e.reason()).isEqualTo(HonoCommandException.Reason.UNDELIVERED);
                    assertThat(e.status()).hasValue(503);
                });
    }

    @Test
    void a_response_that_is_not_the_command_s_outcome_fails_the_command_as_a_bad_response() {
        assertThatThrownBy(() -> send("cmd-garbled", new NodeCommand.Drain("c-drain-3", 5, ISSUED)))
                .isInstanceOfSatisfying(HonoCommandException.class, e -> {
                    assertThat(e.reason()).isEqualTo(HonoCommandException.Reason.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains("the outcome is of command 'someone-else'");
                });
    }

    @Test
    void a_command_for_an_unserved_tenant_or_an_invalid_command_is_refused_before_sending() {
        var commands = northbound.commands();

        assertThatThrownBy(() -> commands.send("fleet-b", "cmd-ok", new NodeCommand.Drain("c-1", 1, ISSUED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heliostat.hono.tenants");
        assertThatThrownBy(() -> commands.send(TENANT, "cmd-ok", new NodeCommand.RunWorkload("c-2", 1, ISSUED, "w",
                "--privileged", "runc", 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image");
    }

    /** The devices behind Hono, each answering as its name says. */
    @Test
    void a_command_issued_over_rest_to_a_node_reporting_through_hono_goes_to_its_device_and_the_answer_is_logged() throws Exception {
        hono.telemetryNow(TENANT, "cmd-via-rest", AGENT_REPORT, NodeTelemetryIT.report("cmd-via-rest", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.get("/api/v1/nodes/cmd-via-rest").statusCode() == 200);

        String commandId = issue("cmd-via-rest", "{\"kind\": \"set-report-interval\", \"interval\": \"PT30S\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> status("cmd-via-rest", commandId).equals(CommandOutcome.SUCCEEDED));
        assertThat(devices.received()).filteredOn(command -> command.deviceId().equals("cmd-via-rest") && command.body().contains(commandId))
                .hasSize(1);
    }

    @Test
    void a_command_the_device_missed_goes_again_with_its_next_telemetry_after_the_command_timeout() throws Exception {
        hono.telemetryNow(TENANT, "cmd-late", AGENT_REPORT, NodeTelemetryIT.report("cmd-late", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.get("/api/v1/nodes/cmd-late").statusCode() == 200);

        String commandId = issue("cmd-late", "{\"kind\": \"undrain\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> LATE_DEVICE_SEEN.contains(commandId));
        // Unanswered: the controller waits for the command timeout (5 s here), then for the node's next telemetry.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            hono.telemetryNow(TENANT, "cmd-late", AGENT_REPORT, NodeTelemetryIT.report("cmd-late", 2 + devices.received().size()));
            assertThat(status("cmd-late", commandId)).isEqualTo(CommandOutcome.SUCCEEDED);
        });
        assertThat(devices.received()).filteredOn(command -> command.body().contains(commandId)).hasSizeGreaterThanOrEqualTo(2);
    }

    private static String issue(String node, String body) throws Exception {
        HttpResponse<String> issued = controller.post("/api/v1/nodes/" + node + "/commands", body);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
        return JSON.readTree(issued.body()).path("commandId").asText();
    }

    private static String status(String node, String commandId) throws Exception {
        return JSON.readTree(controller.get("/api/v1/nodes/" + node + "/commands/" + commandId).body()).path("status").asText();
    }

    private static Optional<HonoPeer.Response> device(HonoPeer.Command received) {
        NodeCommand command;
        try {
            command = JSON.readValue(received.body(), NodeCommand.class);
        } catch (Exception e) {
            return Optional.of(new HonoPeer.Response(400, "text/plain", "not a command"));
        }
        return switch (received.deviceId()) {
            case "cmd-ok", "cmd-via-rest" -> Optional.of(outcome(200, command, received.deviceId(), CommandOutcome.SUCCEEDED, List.of()));
            case "cmd-refuses" -> Optional.of(outcome(400, command, received.deviceId(), CommandOutcome.REJECTED,
                    List.of(new FieldError("runtime", "must be one this node offers: runc, wasm"))));
            case "cmd-fails" -> Optional.of(new HonoPeer.Response(500, AGENT_OUTCOME, json(new CommandOutcome(command.commandId(),
                    command.sequence(), received.deviceId(), CommandOutcome.FAILED, "no such container", 125, ISSUED, List.of()))));
            case "cmd-offline" -> Optional.of(new HonoPeer.Response(503, "text/plain", "device is not connected"));
            // Misses the first delivery of each command (the agent was between connections), answers the next.
            case "cmd-late" -> LATE_DEVICE_SEEN.add(command.commandId())
                    ? Optional.empty() : Optional.of(outcome(200, command, received.deviceId(), CommandOutcome.SUCCEEDED, List.of()));
            case "cmd-garbled" -> Optional.of(outcome(200, new NodeCommand.Drain("someone-else", 1, ISSUED), received.deviceId(),
                    CommandOutcome.SUCCEEDED, List.of()));
            default -> Optional.empty();
        };
    }

    private static HonoPeer.Response outcome(int status, NodeCommand command, String device, String result, List<FieldError> errors) {
        return new HonoPeer.Response(status, "application/json", json(new CommandOutcome(command.commandId(), command.sequence(),
                device, result, "done", null, ISSUED.plusSeconds(1), errors)));
    }

    private static String json(CommandOutcome outcome) {
        try {
            return JSON.writeValueAsString(outcome);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CommandOutcome send(String device, NodeCommand command) throws Exception {
        try {
            return northbound.commands().send(TENANT, device, command).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new CompletionException(e.getCause());
        }
    }

    private static JsonNode awaitNode(String node, java.util.function.Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = controller.get("/api/v1/nodes/" + node);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
        }, view -> !view.isNull() && until.test(view));
    }
}
