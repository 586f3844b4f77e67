package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.hono.HonoNorthbound;
import io.heliostat.controller.testing.EmbeddedKafka;
import io.heliostat.controller.testing.HonoPeer;
import io.heliostat.controller.testing.RunningController;

/** Hono telemetry across outages: of Kafka's broker, and of the controller while reports keep coming. */
class HonoOutageIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static final String TENANT = "fleet-b";

    private static EmbeddedKafka kafka;
    private static HonoPeer hono;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        hono = new HonoPeer(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        hono.close();
        kafka.close();
    }

    @Test
    void telemetry_resumes_when_kafka_s_broker_comes_back_and_a_report_sent_meanwhile_is_not_lost() throws Exception {
        try (RunningController controller = startController("http,hono")) {
            hono.telemetryNow(TENANT, "outage-gw-1", "application/json", NodeTelemetryIT.report("outage-gw-1", 1));
            awaitNode(controller, "outage-gw-1", 1);

            kafka.stopBroker();
            Future<RecordMetadata> duringOutage = hono.telemetry(TENANT, "outage-gw-1", "application/json",
                    NodeTelemetryIT.report("outage-gw-1", 2));
            kafka.startBroker();
            duringOutage.get(30, TimeUnit.SECONDS);
            hono.telemetryNow(TENANT, "outage-gw-1", "application/json", NodeTelemetryIT.report("outage-gw-1", 3));

            JsonNode node = awaitNode(controller, "outage-gw-1", 3);
            assertThat(node.path("missedReports").asLong()).as("report 2, sent while the broker was down").isZero();
            assertThat(node.path("status").asText()).isEqualTo("READY");
        }
    }

    @Test
    void reports_written_while_the_controller_was_down_are_read_from_its_group_s_committed_offset() throws Exception {
        try (RunningController first = startController("hono")) {
            hono.telemetryNow(TENANT, "outage-gw-2", "application/json", NodeTelemetryIT.report("outage-gw-2", 1));
            awaitNode(first, "outage-gw-2", 1);
            assertThat(first.post("/api/v1/nodes/outage-gw-2/reports", NodeTelemetryIT.report("outage-gw-2", 2)).statusCode())
                    .as("no HTTP reports on a controller that takes them from Hono only").isEqualTo(404);
        }
        hono.telemetryNow(TENANT, "outage-gw-2", "application/json", NodeTelemetryIT.report("outage-gw-2", 2));
        hono.telemetryNow(TENANT, "outage-gw-2", "application/json", NodeTelemetryIT.report("outage-gw-2", 3));

        try (RunningController second = startController("hono")) {
            awaitNode(second, "outage-gw-2", 3);

            HonoNorthbound northbound = second.controller().hono().orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> northbound.telemetry().counts().applied() >= 2);
            assertThat(northbound.telemetry().counts().applied())
                    .as("reports 2 and 3 from the committed offset; report 1, applied before the stop, not again").isEqualTo(2);
        }
    }

    private static RunningController startController(String transports) {
        RunningController controller = RunningController.start(Map.of(
                "heliostat.telemetry.transports", transports,
                "heliostat.hono.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "heliostat.hono.tenants", TENANT));
        HonoNorthbound northbound = controller.controller().hono().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> northbound.consuming(TENANT));
        return controller;
    }

    private static JsonNode awaitNode(RunningController controller, String node, long sequence) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = controller.get("/api/v1/nodes/" + node);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
        }, view -> view.path("lastSequence").asLong() == sequence);
    }
}
