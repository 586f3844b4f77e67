package io.heliostat.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.SignalKind;

class TraceReplayRoutesTest extends CamelTestSupport {

    private static final Instant WALL_START = Instant.parse("2030-01-01T08:00:00Z");
    private static final Instant REPLAY_START = Instant.parse("2022-06-15T12:00:00Z");

    private final SettableClock wall = new SettableClock(WALL_START);
    private final List<ZoneSignals> received = new CopyOnWriteArrayList<>();
    /** What the sink does; a test may swap it while the route runs. */
    private volatile SignalSink sink = received::add;

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties properties = new Properties();
        properties.setProperty(ReplaySettings.TRACES_KEY, "ES_2022,CAISO_NORTH_2023_06_MOER");
        properties.setProperty(ReplaySettings.START_KEY, REPLAY_START.toString());
        // One replay hour per wall second.
        properties.setProperty(ReplaySettings.SPEED_KEY, "3600");
        properties.setProperty(ReplaySettings.FORECAST_HORIZON_KEY, "PT2H");
        properties.setProperty(ReplaySettings.PERIOD_KEY, "PT0.02S");
        configuration.withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new TraceReplayRoutes(signals -> sink.accept(signals), wall, new ZoneClaims());
    }

    @Test
    void everyDeliveryHandsEachConfiguredZoneToTheSink() {
        NotifyBuilder threeDeliveries = new NotifyBuilder(context).fromRoute(TraceReplayRoutes.ROUTE_ID).whenCompleted(3).create();

        assertThat(threeDeliveries.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received).extracting(ZoneSignals::zone).contains("ES", "CAISO_NORTH").containsOnly("ES", "CAISO_NORTH");
        ZoneSignals spain = received.stream().filter(signals -> signals.zone().equals("ES")).findFirst().orElseThrow();
        // The wall clock has not moved: the replay stands at its start. em-ES-2022-hourly.csv: "2022-06-15 12:00:00,...,226.02".
        assertThat(spain.asOf()).isEqualTo(REPLAY_START);
        assertThat(spain.current().gramsPerKwh()).isEqualTo(226.02);
        assertThat(spain.current().fetchedAt()).isEqualTo(WALL_START);
        assertThat(spain.kind()).isEqualTo(SignalKind.AVERAGE);
        // A PT2H horizon is two hourly steps of Spain's trace and 24 five-minute steps of CAISO_NORTH's.
        assertThat(spain.forecast()).hasSize(2);
        assertThat(received).filteredOn(signals -> signals.zone().equals("CAISO_NORTH"))
                .first().satisfies(caisoNorth -> assertThat(caisoNorth.forecast()).hasSize(24));
    }

    @Test
    void theReplayAdvancesWithTheWallClockAtTheConfiguredSpeed() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());

        wall.advance(Duration.ofSeconds(1));

        // 1 wall second at 3600x: 13:00 in the replay. em-ES-2022-hourly.csv: "2022-06-15 13:00:00,...,226.19".
        Instant onePm = Instant.parse("2022-06-15T13:00:00Z");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received)
                .anySatisfy(signals -> {
                    assertThat(signals.zone()).isEqualTo("ES");
                    assertThat(signals.asOf()).isEqualTo(onePm);
                    assertThat(signals.current().gramsPerKwh()).isEqualTo(226.19);
                    assertThat(signals.current().fetchedAt()).isEqualTo(WALL_START.plusSeconds(1));
                    assertThat(signals.forecast().getFirst().basis()).isEqualTo(new SignalBasis.Forecast(onePm));
                }));
    }

    @Test
    void aSinkFailingForOneZoneDoesNotStopTheOthers() {
        List<ZoneSignals> afterFailure = new CopyOnWriteArrayList<>();
        sink = signals -> {
            if (signals.zone().equals("ES")) {
                throw new IllegalStateException("store unavailable for ES");
            }
            afterFailure.add(signals);
        };
        NotifyBuilder twoDeliveries = new NotifyBuilder(context).fromRoute(TraceReplayRoutes.ROUTE_ID).whenCompleted(2).create();

        // ES comes first in every delivery: CAISO_NORTH arrives only if the failure did not end the delivery.
        assertThat(twoDeliveries.matches(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> afterFailure.size() >= 2);
        assertThat(afterFailure).extracting(ZoneSignals::zone).containsOnly("CAISO_NORTH");
    }

    @Test
    void aMisspeltKeyInTheCamelPropertiesStopsTheStartUpNamingIt() throws Exception {
        try (CamelContext misconfigured = new DefaultCamelContext()) {
            misconfigured.getPropertiesComponent().addOverrideProperty("heliostat.carbon.replay.sped", "60");

            assertThatThrownBy(() -> misconfigured.addRoutes(new TraceReplayRoutes(received::add, wall, new ZoneClaims())))
                    .hasStackTraceContaining("unknown key heliostat.carbon.replay.sped");
        }
    }
}
