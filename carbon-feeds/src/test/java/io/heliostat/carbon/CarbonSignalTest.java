package io.heliostat.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.SignalKind;

class CarbonSignalTest {

    private static final Instant NOON = Instant.parse("2022-06-15T12:00:00Z");
    private static final Instant ONE_PM = Instant.parse("2022-06-15T13:00:00Z");

    @Test
    void keepsAValidSignalAsGiven() {
        CarbonSignal signal = signal(NOON, ONE_PM, 226.02);

        assertThat(signal.gramsPerKwh()).isEqualTo(226.02);
        assertThat(signal.basis()).isEqualTo(SignalBasis.ACTUAL);
    }

    @Test
    void aZeroIntensityIsValid() {
        assertThat(signal(NOON, ONE_PM, 0).gramsPerKwh()).isZero();
    }

    @Test
    void aNegativeIntensityIsRejectedNamingTheField() {
        assertThatThrownBy(() -> signal(NOON, ONE_PM, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gramsPerKwh")
                .hasMessageContaining("-1.0");
    }

    @Test
    void aNonFiniteIntensityIsRejectedNamingTheField() {
        assertThatThrownBy(() -> signal(NOON, ONE_PM, Double.NaN)).hasMessageContaining("gramsPerKwh");
        assertThatThrownBy(() -> signal(NOON, ONE_PM, Double.POSITIVE_INFINITY)).hasMessageContaining("gramsPerKwh");
    }

    @Test
    void anIntervalThatDoesNotEndAfterItStartsIsRejected() {
        assertThatThrownBy(() -> signal(NOON, NOON, 100))
                .hasMessageContaining("end must be after start")
                .hasMessageContaining(NOON.toString());
        assertThatThrownBy(() -> signal(ONE_PM, NOON, 100)).hasMessageContaining("end must be after start");
    }

    @Test
    void aBlankZoneOrSourceIsRejectedNamingTheField() {
        assertThatThrownBy(() -> new CarbonSignal(" ", NOON, ONE_PM, 1, SignalKind.AVERAGE, SignalBasis.ACTUAL, "test", NOON, false))
                .hasMessage("zone must not be blank");
        assertThatThrownBy(() -> new CarbonSignal("ES", NOON, ONE_PM, 1, SignalKind.AVERAGE, SignalBasis.ACTUAL, "", NOON, false))
                .hasMessage("source must not be blank");
    }

    @Test
    void aForecastNeedsTheInstantItWasIssued() {
        assertThatThrownBy(() -> new SignalBasis.Forecast(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("issuedAt");
    }

    private static CarbonSignal signal(Instant start, Instant end, double gramsPerKwh) {
        return new CarbonSignal("ES", start, end, gramsPerKwh, SignalKind.AVERAGE, SignalBasis.ACTUAL, "test", start, false);
    }
}
