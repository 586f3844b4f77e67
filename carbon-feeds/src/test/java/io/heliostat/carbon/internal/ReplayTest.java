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

import io.heliostat.carbon.ReplaySettings;
import io.heliostat.carbon.TraceSource;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.solver.trace.BundledTrace;

class ReplayTest {

    private static final Instant WALL_ORIGIN = Instant.parse("2030-01-01T08:00:00Z");
    private static final TraceSource SPAIN = new TraceSource.Bundled(BundledTrace.ES_2022);
    private static final TraceSource CAISO_NORTH = new TraceSource.Bundled(BundledTrace.CAISO_NORTH_2023_06_MOER);

    @Test
    void everyZoneIsReadAtTheSameReplayInstant() {
        Replay replay = Replay.start(settings(List.of(SPAIN, CAISO_NORTH), 3600), WALL_ORIGIN);
        Instant oneSecondLater = WALL_ORIGIN.plusSeconds(1);

        List<ZoneSignals> signals = replay.signalsAt(oneSecondLater);

        // At 3600x one wall second is one replay hour: 2022-06-15T12:00 becomes 13:00.
        Instant onePm = Instant.parse("2022-06-15T13:00:00Z");
        assertThat(signals).extracting(ZoneSignals::zone).containsExactly("ES", "CAISO_NORTH");
        assertThat(signals).allSatisfy(zone -> {
            assertThat(zone.asOf()).isEqualTo(onePm);
            assertThat(zone.current().start()).isEqualTo(onePm);
            assertThat(zone.current().fetchedAt()).isEqualTo(oneSecondLater);
        });
        // em-ES-2022-hourly.csv: "2022-06-15 13:00:00,...,226.19". The CAISO_NORTH trace (2023-06-08 to 2023-07-09,
        // 31 days) does not cover 2022: 2022-06-15T13:00 is 357 d 11 h before its start, 14 d 13 h into it modulo
        // 31 days, so 2023-06-22T13:00, the row "2023-06-22 13:00:00,417.75857277".
        assertThat(signals).extracting(zone -> zone.current().gramsPerKwh()).containsExactly(226.19, 417.75857277);
        assertThat(signals.get(1).current().end()).isEqualTo(Instant.parse("2022-06-15T13:05:00Z"));
    }

    @Test
    void twoTracesOfOneZoneAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> Replay.start(settings(List.of(SPAIN, CAISO_NORTH, SPAIN), 1), WALL_ORIGIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heliostat.carbon.replay.traces: zone ES comes from both")
                .hasMessageContaining("em-ES-2022-hourly.csv");
    }

    @Test
    void aFileThatIsNotACarbonTraceIsRejectedNamingTheKeyAndTheFile(@TempDir Path folder) throws IOException {
        Path prices = Files.writeString(folder.resolve("prices.csv"), "time,price\n2022-06-15 00:00:00,42\n");

        assertThatThrownBy(() -> Replay.start(settings(List.of(new TraceSource.File(prices)), 1), WALL_ORIGIN))
                .hasMessageStartingWith("heliostat.carbon.replay.traces: " + prices)
                .hasMessageContaining("[time, price]");
    }

    @Test
    void theZonesAreListedInTheOrderOfTheSettings() {
        assertThat(Replay.start(settings(List.of(CAISO_NORTH, SPAIN), 1), WALL_ORIGIN).zones()).containsExactly("CAISO_NORTH", "ES");
    }

    private static ReplaySettings settings(List<TraceSource> traces, double speed) {
        return new ReplaySettings(traces, Instant.parse("2022-06-15T12:00:00Z"), speed, Duration.ofHours(1), Duration.ofSeconds(1));
    }
}
