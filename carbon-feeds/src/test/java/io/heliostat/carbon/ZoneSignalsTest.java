package io.heliostat.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.SignalKind;

class ZoneSignalsTest {

    private static final Instant NOON = Instant.parse("2022-06-15T12:00:00Z");
    private static final Instant HALF_PAST = Instant.parse("2022-06-15T12:30:00Z");
    private static final SignalBasis FORECAST = new SignalBasis.Forecast(HALF_PAST);

    @Test
    void holdsTheCurrentValueAndTheForecastAfterIt() {
        ZoneSignals spain = new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("ES", 1, FORECAST, SignalKind.AVERAGE), signal("ES", 2, FORECAST, SignalKind.AVERAGE)));

        assertThat(spain.kind()).isEqualTo(SignalKind.AVERAGE);
        assertThat(spain.forecast()).extracting(CarbonSignal::start)
                .containsExactly(Instant.parse("2022-06-15T13:00:00Z"), Instant.parse("2022-06-15T14:00:00Z"));
    }

    @Test
    void aForecastServesAsCurrentWhereTheProviderGivesNoActualValue() {
        ZoneSignals region = new ZoneSignals("UK-SOUTH", HALF_PAST, signal("UK-SOUTH", 0, FORECAST, SignalKind.AVERAGE), List.of());

        assertThat(region.current().basis()).isEqualTo(FORECAST);
    }

    @Test
    void aCurrentValueFromTheFutureIsRejected() {
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 1, SignalBasis.ACTUAL, SignalKind.AVERAGE), List.of()))
                .hasMessageContaining("after asOf");
    }

    @Test
    void aSignalOfAnotherZoneIsRejected() {
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("NO", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE), List.of()))
                .hasMessageContaining("zone NO");
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("NO", 1, FORECAST, SignalKind.AVERAGE))))
                .hasMessageContaining("forecast[0] is a signal of zone NO");
    }

    @Test
    void aMarginalForecastForAnAverageCurrentIsRejected() {
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("ES", 1, FORECAST, SignalKind.MARGINAL))))
                .hasMessageContaining("forecast[0] is MARGINAL but current is AVERAGE");
    }

    @Test
    void aForecastOutOfOrderOrOverlappingIsRejected() {
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("ES", 2, FORECAST, SignalKind.AVERAGE), signal("ES", 1, FORECAST, SignalKind.AVERAGE))))
                .hasMessageContaining("forecast[1] starts at 2022-06-15T13:00:00Z, before the interval ahead of it ends at 2022-06-15T15:00:00Z");
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("ES", 0, FORECAST, SignalKind.AVERAGE))))
                .hasMessageContaining("forecast[0] starts at 2022-06-15T12:00:00Z");
    }

    @Test
    void anActualValueInTheForecastIsRejected() {
        assertThatThrownBy(() -> new ZoneSignals("ES", HALF_PAST, signal("ES", 0, SignalBasis.ACTUAL, SignalKind.AVERAGE),
                List.of(signal("ES", 1, SignalBasis.ACTUAL, SignalKind.AVERAGE))))
                .hasMessageContaining("forecast[0] must be a forecast");
    }

    /** The signal of the {@code hour}-th hour from noon. */
    private static CarbonSignal signal(String zone, int hour, SignalBasis basis, SignalKind kind) {
        Instant start = NOON.plusSeconds(3600L * hour);
        return new CarbonSignal(zone, start, start.plusSeconds(3600), 100 + hour, kind, basis, "test", HALF_PAST, false);
    }
}
