package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.carbon.feed.ProviderServer;
import io.heliostat.carbon.feed.ProviderServer.Answer;
import io.heliostat.controller.testing.RunningController;

/**
 * Spain's carbon comes from a live provider (Electricity Maps, answered by a local server), the other zones from the
 * replay. Pulling the plug on the provider leaves placement working on Spain's last value, marked stale.
 */
class CarbonFeedOutageIT {

    private static final ObjectMapper JSON = Controller.objectMapper();
    private static final String LATEST = "/v3/carbon-intensity/latest";

    private final ProviderServer electricityMaps = ProviderServer.start();
    private RunningController controller;

    @BeforeEach
    void start() {
        String hour = Instant.now().truncatedTo(ChronoUnit.HOURS).toString();
        electricityMaps.always(LATEST, Answer.json("""
                {"zone":"ES","carbonIntensity":123,"datetime":"%s","updatedAt":"%s","emissionFactorType":"lifecycle"}
                """.formatted(hour, hour)));
        controller = RunningController.start(Map.ofEntries(
                Map.entry("heliostat.carbon.replay.traces", "US_CAL_CISO_2022,NO_2022,BR_2022,DE_2021H1"),
                Map.entry("heliostat.carbon.replay.period", "PT0.2S"),
                Map.entry("heliostat.carbon.electricitymaps.enabled", "true"),
                Map.entry("heliostat.carbon.electricitymaps.base-url", electricityMaps.url("/v3")),
                Map.entry("heliostat.carbon.electricitymaps.token", "test-token"),
                Map.entry("heliostat.carbon.electricitymaps.zones", "ES"),
                Map.entry("heliostat.carbon.electricitymaps.forecast", "false"),
                Map.entry("heliostat.carbon.electricitymaps.period", "PT0.2S"),
                Map.entry("heliostat.carbon.electricitymaps.retries", "1"),
                Map.entry("heliostat.carbon.electricitymaps.retry-delay", "PT0.01S"),
                Map.entry("heliostat.carbon.electricitymaps.max-age", "PT1S"),
                Map.entry("heliostat.placement.carbon-refresh", "PT0.2S")));
        controller.reportEveryDemoNode();
    }

    @AfterEach
    void stop() {
        controller.close();
        electricityMaps.close();
    }

    private JsonNode spain() throws Exception {
        return JSON.readTree(controller.get("/api/v1/zones/ES").body());
    }

    @Test
    void a_provider_outage_leaves_placement_working_on_the_zones_last_value_marked_stale() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> spain().path("gramsPerKwh").asDouble() == 123);
        assertThat(spain().path("source").asText()).isEqualTo("electricitymaps:lifecycle");
        assertThat(spain().path("stale").asBoolean()).isFalse();

        electricityMaps.always(LATEST, Answer.status(503));

        await().atMost(Duration.ofSeconds(15)).until(() -> spain().path("stale").asBoolean());
        JsonNode stale = spain();
        assertThat(stale.path("gramsPerKwh").asDouble()).isEqualTo(123);
        HttpResponse<String> placed = controller.post("/api/v1/placements", """
                {"id": "web", "requests": {"cpu": "500m", "memory": "1Gi"}, "replicas": 2, "residency": ["ES"]}
                """);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        assertThat(JSON.readTree(placed.body()).path("replicas")).hasSize(2);

        String metrics = controller.get("/metrics").body();
        assertThat(metrics).contains("heliostat_carbon_polls_total{outcome=\"unavailable\",provider=\"electricitymaps\"}")
                .contains("heliostat_carbon_history_requests_total{")
                .contains("heliostat_carbon_stale_zones 1.0")
                .contains("heliostat_carbon_zone_stale{zone=\"ES\"} 1.0");

        electricityMaps.always(LATEST, Answer.json("""
                {"zone":"ES","carbonIntensity":99,"datetime":"%s"}
                """.formatted(Instant.now().truncatedTo(ChronoUnit.HOURS))));
        await().atMost(Duration.ofSeconds(15)).until(() -> !spain().path("stale").asBoolean() && spain().path("gramsPerKwh").asDouble() == 99);
    }
}
