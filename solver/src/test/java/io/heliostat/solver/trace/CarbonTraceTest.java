package io.heliostat.solver.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Zone;

class CarbonTraceTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void readsAnElectricityMapsExportAsAnAverageSignal() {
        CarbonTrace spain = BundledTrace.ES_2022.load();

        assertThat(spain.zoneId()).isEqualTo("ES");
        assertThat(spain.signalKind()).isEqualTo(SignalKind.AVERAGE);
        assertThat(spain.step()).isEqualTo(HOUR);
        assertThat(spain.samples()).isEqualTo(8760);
        assertThat(spain.start()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
        assertThat(spain.end()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        // em-ES-2022-hourly.csv: "2022-06-15 12:00:00,Spain,Spain,ES,226.02,..." and the next hour 226.19.
        assertThat(spain.intensities(Instant.parse("2022-06-15T12:00:00Z"), HOUR, 2)).containsExactly(226.02, 226.19);
    }

    @Test
    void readsTheElectricityMapsApiFieldsOfTheGermanTrace() {
        CarbonTrace germany = BundledTrace.DE_2021H1.load();

        assertThat(germany.zoneId()).isEqualTo("DE");
        assertThat(germany.signalKind()).isEqualTo(SignalKind.AVERAGE);
        // em-DE-2021H1-hourly.csv: "2021-06-16T00:00:00+00:00,...,DE,549.25,..."
        assertThat(germany.sampleAt(Instant.parse("2021-06-16T00:30:00Z"))).isEqualTo(549.25);
        assertThat(germany.end()).isEqualTo(Instant.parse("2021-07-01T00:00:00Z"));
    }

    @Test
    void averagesTwelveFiveMinuteMarginalSamplesIntoAnHourlySlot() {
        CarbonTrace caisoNorth = BundledTrace.CAISO_NORTH_2023_06_MOER.load();

        assertThat(caisoNorth.zoneId()).isEqualTo("CAISO_NORTH");
        assertThat(caisoNorth.signalKind()).isEqualTo(SignalKind.MARGINAL);
        assertThat(caisoNorth.step()).isEqualTo(Duration.ofMinutes(5));
        // The first twelve values of the file (00:00 .. 00:55) sum to 5202.7044839; / 12 = 433.5587069916667.
        // Hours 01 and 02 likewise: 437.7544364141667 and 435.71327074916667.
        double[] hourly = caisoNorth.intensities(Instant.parse("2023-06-08T00:00:00Z"), HOUR, 3);
        assertThat(hourly[0]).isCloseTo(433.5587069916667, within(1e-9));
        assertThat(hourly[1]).isCloseTo(437.7544364141667, within(1e-9));
        assertThat(hourly[2]).isCloseTo(435.71327074916667, within(1e-9));
    }

    @Test
    void slotsShorterThanTheStepRepeatTheSampleThatHolds() {
        CarbonTrace norway = BundledTrace.NO_2022.load();

        // em-NO-2022-hourly.csv: 2022-06-15 12:00 is 3.96 g/kWh; each quarter of that hour reads the same.
        assertThat(norway.intensities(Instant.parse("2022-06-15T12:00:00Z"), Duration.ofMinutes(15), 4))
                .containsExactly(3.96, 3.96, 3.96, 3.96);
    }

    @Test
    void buildsAZoneCarryingTheSignalKindForAHorizon() {
        Horizon horizon = new Horizon(Instant.parse("2022-06-15T00:00:00Z"), HOUR, 24);

        Zone california = BundledTrace.US_CAL_CISO_2022.load().zone(horizon);

        assertThat(california.id()).isEqualTo("US-CAL-CISO");
        assertThat(california.signalKind()).isEqualTo(SignalKind.AVERAGE);
        assertThat(california.slots()).isEqualTo(24);
        // em-US-CAL-CISO-2022-hourly.csv: "2022-06-15 12:00:00,...,185.3,..."
        assertThat(california.intensity(12)).isEqualTo(185.3);
    }

    @Test
    void aHorizonRunningPastTheTraceFailsNamingTheFileAndTheInstant() {
        CarbonTrace spain = BundledTrace.ES_2022.load();

        assertThatThrownBy(() -> spain.intensities(Instant.parse("2022-12-31T23:00:00Z"), HOUR, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("em-ES-2022-hourly.csv")
                .hasMessageContaining("2023-01-01T00:00:00Z")
                .hasMessageContaining("slot 1");
    }

    @Test
    void aHorizonStartingBeforeTheTraceFailsNamingTheFileAndTheInstant() {
        CarbonTrace germany = BundledTrace.DE_2021H1.load();

        assertThatThrownBy(() -> germany.intensities(Instant.parse("2020-12-31T23:00:00Z"), HOUR, 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("em-DE-2021H1-hourly.csv")
                .hasMessageContaining("2020-12-31T23:00:00Z");
    }

    @Test
    void aGapInTheDataFailsTheSlotThatNeedsIt(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("gap.csv");
        Files.writeString(file, """
                Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)
                2022-06-15 00:00:00,XX,100
                2022-06-15 01:00:00,XX,110
                2022-06-15 03:00:00,XX,130
                2022-06-15 04:00:00,XX,140
                """);
        CarbonTrace trace = CarbonTrace.fromFile(file);

        assertThat(trace.intensities(Instant.parse("2022-06-15T00:00:00Z"), HOUR, 2)).containsExactly(100.0, 110.0);
        assertThatThrownBy(() -> trace.intensities(Instant.parse("2022-06-15T00:00:00Z"), HOUR, 4))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("2022-06-15T02:00:00Z")
                .hasMessageContaining("slot 2");
    }

    @Test
    void anEmptyValueIsAGapNotAZero(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("empty-value.csv");
        Files.writeString(file, """
                Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)
                2022-06-15 00:00:00,XX,100
                2022-06-15 01:00:00,XX,
                2022-06-15 02:00:00,XX,120
                """);

        assertThatThrownBy(() -> CarbonTrace.fromFile(file).intensities(Instant.parse("2022-06-15T00:00:00Z"), HOUR, 3))
                .hasMessageContaining("2022-06-15T01:00:00Z");
    }

    @Test
    void aFileOfAnotherShapeIsRejectedNamingItsColumns(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("prices.csv");
        Files.writeString(file, "time,price\n2022-06-15 00:00:00,42\n");

        assertThatThrownBy(() -> CarbonTrace.fromFile(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("[time, price]");
    }

    @Test
    void aBadNumberIsRejectedNamingTheLineAndColumn(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, """
                oootime,Caiso_North
                2023-06-08 00:00:00,425.0
                2023-06-08 00:05:00,n/a
                """);

        assertThatThrownBy(() -> CarbonTrace.fromFile(file))
                .hasMessageContaining(file + " line 3")
                .hasMessageContaining("'Caiso_North'")
                .hasMessageContaining("'n/a'");
    }

    @Test
    void samplesOutOfOrderAreRejected(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("unordered.csv");
        Files.writeString(file, """
                datetime,zone_name,carbon_intensity_avg
                2021-06-16T01:00:00+00:00,DE,500
                2021-06-16T00:00:00+00:00,DE,510
                """);

        assertThatThrownBy(() -> CarbonTrace.fromFile(file)).hasMessageContaining(file + " line 3");
    }

    @Test
    void aFileMixingZonesIsRejected(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("mixed.csv");
        Files.writeString(file, """
                Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)
                2022-06-15 00:00:00,ES,100
                2022-06-15 01:00:00,PT,110
                """);

        assertThatThrownBy(() -> CarbonTrace.fromFile(file)).hasMessageContaining(file + " line 3").hasMessageContaining("'PT'");
    }

    @Test
    void averageAndMarginalTracesAreNeverMixed() {
        CarbonTrace spain = BundledTrace.ES_2022.load();
        CarbonTrace caisoNorth = BundledTrace.CAISO_NORTH_2023_06_MOER.load();

        assertThat(CarbonTrace.requireOneSignalKind(List.of(spain, BundledTrace.NO_2022.load()))).isEqualTo(SignalKind.AVERAGE);
        assertThatThrownBy(() -> CarbonTrace.requireOneSignalKind(List.of(spain, caisoNorth)))
                .hasMessageContaining("em-ES-2022-hourly.csv is average")
                .hasMessageContaining("watttime-CAISO_NORTH-2023-06-moer-5min.csv is marginal");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = Path.of("no-such-trace.csv");

        assertThatThrownBy(() -> CarbonTrace.fromFile(missing)).hasMessageContaining("no-such-trace.csv");
        assertThatThrownBy(() -> CarbonTrace.fromResource("io/heliostat/solver/traces/nope.csv")).hasMessageContaining("nope.csv");
    }
}
