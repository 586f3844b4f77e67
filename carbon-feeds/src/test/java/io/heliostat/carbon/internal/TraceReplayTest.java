package io.heliostat.carbon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.trace.BundledTrace;
import io.heliostat.solver.trace.CarbonTrace;

class TraceReplayTest {

    private static final Instant FETCHED = Instant.parse("2030-01-01T08:00:00Z");
    private static final CarbonTrace SPAIN = BundledTrace.ES_2022.load();
    private static final CarbonTrace CAISO_NORTH = BundledTrace.CAISO_NORTH_2023_06_MOER.load();

    @Test
    void theCurrentValueIsTheCsvRowOfTheStepHoldingAtTheReplayInstant() {
        Instant halfPastNoon = Instant.parse("2022-06-15T12:30:00Z");

        ZoneSignals spain = replay(SPAIN, Duration.ofHours(24)).signalsAt(halfPastNoon, FETCHED);

        // em-ES-2022-hourly.csv line 3974: "2022-06-15 12:00:00,Spain,Spain,ES,226.02,..."
        assertThat(spain.zone()).isEqualTo("ES");
        assertThat(spain.asOf()).isEqualTo(halfPastNoon);
        assertThat(spain.current()).isEqualTo(new CarbonSignal("ES", Instant.parse("2022-06-15T12:00:00Z"),
                Instant.parse("2022-06-15T13:00:00Z"), 226.02, SignalKind.AVERAGE, SignalBasis.ACTUAL,
                "trace-replay:em-ES-2022-hourly.csv", FETCHED, false));
    }

    @Test
    void theForecastIsTheTracesOwnNextStepsIssuedAtTheReplayInstant() {
        Instant halfPastNoon = Instant.parse("2022-06-15T12:30:00Z");

        List<CarbonSignal> forecast = replay(SPAIN, Duration.ofHours(24)).signalsAt(halfPastNoon, FETCHED).forecast();

        assertThat(forecast).hasSize(24);
        // Line 3975: "2022-06-15 13:00:00,Spain,Spain,ES,226.19,..."
        assertThat(forecast.getFirst().start()).isEqualTo(Instant.parse("2022-06-15T13:00:00Z"));
        assertThat(forecast.getFirst().gramsPerKwh()).isEqualTo(226.19);
        assertThat(forecast.getLast().end()).isEqualTo(Instant.parse("2022-06-16T13:00:00Z"));
        assertThat(forecast).allSatisfy(signal -> {
            assertThat(signal.basis()).isEqualTo(new SignalBasis.Forecast(halfPastNoon));
            assertThat(signal.gramsPerKwh()).isEqualTo(SPAIN.sampleAt(signal.start()));
        });
    }

    @Test
    void fiveMinuteStepsGiveTwelveForecastValuesAnHour() {
        ZoneSignals caisoNorth = replay(CAISO_NORTH, Duration.ofHours(1)).signalsAt(Instant.parse("2023-06-08T00:07:00Z"), FETCHED);

        // watttime-CAISO_NORTH-2023-06-moer-5min.csv line 3: "2023-06-08 00:05:00,432.27352861"
        assertThat(caisoNorth.kind()).isEqualTo(SignalKind.MARGINAL);
        assertThat(caisoNorth.current().start()).isEqualTo(Instant.parse("2023-06-08T00:05:00Z"));
        assertThat(caisoNorth.current().end()).isEqualTo(Instant.parse("2023-06-08T00:10:00Z"));
        assertThat(caisoNorth.current().gramsPerKwh()).isEqualTo(432.27352861);
        assertThat(caisoNorth.forecast()).hasSize(12);
        // Line 13: "2023-06-08 00:55:00,432.72712098", the tenth step after the current one.
        assertThat(caisoNorth.forecast().get(9).start()).isEqualTo(Instant.parse("2023-06-08T00:55:00Z"));
        assertThat(caisoNorth.forecast().get(9).gramsPerKwh()).isEqualTo(432.72712098);
        assertThat(caisoNorth.forecast().getLast().end()).isEqualTo(Instant.parse("2023-06-08T01:10:00Z"));
    }

    @Test
    void halfHourStepsGiveFortyEightForecastValuesADay(@TempDir Path folder) throws IOException {
        StringBuilder csv = new StringBuilder("Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n");
        Instant start = Instant.parse("2022-06-15T00:00:00Z");
        for (int i = 0; i < 96; i++) {
            csv.append(start.plusSeconds(1800L * i).toString().replace('T', ' ').replace("Z", "")).append(",GB,").append(100 + i).append('\n');
        }
        CarbonTrace halfHourly = CarbonTrace.fromFile(Files.writeString(folder.resolve("gb.csv"), csv));

        ZoneSignals britain = replay(halfHourly, Duration.ofHours(24)).signalsAt(Instant.parse("2022-06-15T00:40:00Z"), FETCHED);

        assertThat(britain.current().start()).isEqualTo(Instant.parse("2022-06-15T00:30:00Z"));
        assertThat(britain.current().gramsPerKwh()).isEqualTo(101);
        assertThat(britain.forecast()).hasSize(48);
        assertThat(britain.forecast().getLast().start()).isEqualTo(Instant.parse("2022-06-16T00:30:00Z"));
        assertThat(britain.forecast().getLast().gramsPerKwh()).isEqualTo(149);
    }

    @Test
    void pastTheEndOfTheTraceTheReplayWrapsToItsStart() {
        ZoneSignals spain = replay(SPAIN, Duration.ofHours(2)).signalsAt(Instant.parse("2022-12-31T23:10:00Z"), FETCHED);

        // The last row, "2022-12-31 23:00:00,...,74.33", then the first two: "2022-01-01 00:00:00,...,133.64" and "01:00:00,...,139.1".
        assertThat(spain.current().gramsPerKwh()).isEqualTo(74.33);
        assertThat(spain.forecast()).extracting(CarbonSignal::start)
                .containsExactly(Instant.parse("2023-01-01T00:00:00Z"), Instant.parse("2023-01-01T01:00:00Z"));
        assertThat(spain.forecast()).extracting(CarbonSignal::gramsPerKwh).containsExactly(133.64, 139.1);
    }

    @Test
    void aWholeTraceLengthLaterOrEarlierTheSameValuesRecur() {
        TraceReplay replay = replay(SPAIN, Duration.ofHours(3));
        Duration year = Duration.ofDays(365);
        Instant halfPastNoon = Instant.parse("2022-06-15T12:30:00Z");

        ZoneSignals recorded = replay.signalsAt(halfPastNoon, FETCHED);
        ZoneSignals yearLater = replay.signalsAt(halfPastNoon.plus(year), FETCHED);
        ZoneSignals yearEarlier = replay.signalsAt(halfPastNoon.minus(year), FETCHED);

        assertThat(yearLater.current().start()).isEqualTo(Instant.parse("2023-06-15T12:00:00Z"));
        assertThat(yearEarlier.current().start()).isEqualTo(Instant.parse("2021-06-15T12:00:00Z"));
        assertThat(List.of(yearLater, yearEarlier)).allSatisfy(other -> {
            assertThat(other.current().gramsPerKwh()).isEqualTo(recorded.current().gramsPerKwh());
            assertThat(other.forecast()).extracting(CarbonSignal::gramsPerKwh)
                    .containsExactlyElementsOf(recorded.forecast().stream().map(CarbonSignal::gramsPerKwh).toList());
        });
    }

    @Test
    void aZeroHorizonServesNoForecast() {
        assertThat(replay(SPAIN, Duration.ZERO).signalsAt(Instant.parse("2022-06-15T12:30:00Z"), FETCHED).forecast()).isEmpty();
    }

    @Test
    void aTraceWithAGapIsRejectedNamingTheFirstMissingInstant(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("gap.csv"), """
                Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)
                2022-06-15 00:00:00,XX,100
                2022-06-15 01:00:00,XX,110
                2022-06-15 03:00:00,XX,130
                """);

        assertThatThrownBy(() -> replay(CarbonTrace.fromFile(file), Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("2022-06-15T02:00:00Z")
                .hasMessageContaining("without gaps");
    }

    private static TraceReplay replay(CarbonTrace trace, Duration horizon) {
        return TraceReplay.of(trace, Path.of(trace.source()).getFileName().toString(), horizon);
    }
}
