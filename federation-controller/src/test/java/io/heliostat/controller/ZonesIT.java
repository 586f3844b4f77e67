package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.controller.testing.RunningController;

class ZonesIT {

    private static final ObjectMapper JSON = Controller.objectMapper();

    @Test
    void the_replayed_traces_show_as_zones_with_current_and_forecast_carbon() throws Exception {
        try (RunningController controller = RunningController.start(Map.of(
                "heliostat.carbon.replay.period", "PT0.1S", "heliostat.carbon.replay.speed", "3600"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(controller.get("/api/v1/zones").body()).size() == 5);

            JsonNode norway = JSON.readTree(controller.get("/api/v1/zones/NO").body());
            assertThat(norway.path("kind").asText()).isEqualTo("AVERAGE");
            assertThat(norway.path("gramsPerKwh").asDouble()).isPositive();
            assertThat(norway.path("forecast")).hasSize(24);
            assertThat(norway.path("source").asText()).startsWith("trace-replay:");
            assertThat(controller.get("/api/v1/zones/XX").statusCode()).isEqualTo(404);
        }
    }
}
