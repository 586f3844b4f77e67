package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SettableClock;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.solver.domain.SignalKind;

class SignalKeeperTest {

    private static final Instant START = Instant.parse("2022-06-13T00:00:00Z");
    private final SettableClock clock = new SettableClock(START);
    private final List<ZoneSignals> delivered = new ArrayList<>();
    private final SignalKeeper keeper = new SignalKeeper("electricitymaps", Duration.ofHours(2), delivered::add, clock);

    /** A solar-shaped day: 300 g/kWh at night, 100 at noon. */
    private static double solar(int hour) {
        return 200 + 100 * Math.cos(2 * Math.PI * hour / 24.0);
    }

    private void readHours(int hours) {
        for (int hour = 0; hour < hours; hour++) {
            Instant start = START.plus(Duration.ofHours(hour));
            CarbonSignal current = new CarbonSignal("ES", start, start.plus(Duration.ofHours(1)), solar(hour % 24), SignalKind.AVERAGE,
                    SignalBasis.ACTUAL, "electricitymaps:lifecycle", start, false);
            keeper.fresh(new ZoneSignals("ES", start, current, List.of()));
        }
    }

    @Test
    void aZoneWithoutAProviderForecastGetsOneFromItsHistoryOnceItHoldsADay() {
        readHours(23);
        assertThat(delivered.getLast().forecast()).as("less than a day of history").isEmpty();
        assertThat(delivered.getLast().dailyProfile()).isEmpty();

        readHours(72);

        ZoneSignals last = delivered.getLast();
        assertThat(last.forecast()).hasSize(24);
        assertThat(last.forecast().getFirst().start()).isEqualTo(last.current().end());
        assertThat(last.forecast().getFirst().source()).isEqualTo("electricitymaps:lifecycle+history:holt-winters");
        assertThat(last.forecast().getFirst().basis()).isEqualTo(new SignalBasis.Forecast(last.current().fetchedAt()));
        // Three identical days: the next day is forecast as they were, to within a gram.
        for (CarbonSignal hour : last.forecast()) {
            assertThat(hour.gramsPerKwh()).isCloseTo(solar(hour.start().atZone(java.time.ZoneOffset.UTC).getHour()),
                    org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(last.dailyProfile()).hasSize(24);
        assertThat(last.dailyProfile().get(12)).isCloseTo(100, org.assertj.core.data.Offset.offset(0.01));
        assertThat(last.dailyProfile().get(0)).isCloseTo(300, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aFailedPollServesTheLastValueAndMarksItStaleOnlyPastTheMaxAge() {
        readHours(1);
        keeper.failed("ES", PollOutcome.UNAVAILABLE, "503");
        assertThat(delivered).hasSize(1);

        clock.advance(Duration.ofHours(2).plusSeconds(1));
        keeper.failed("ES", PollOutcome.UNAVAILABLE, "503");

        assertThat(delivered).hasSize(2);
        ZoneSignals stale = delivered.getLast();
        assertThat(stale.current().stale()).isTrue();
        assertThat(stale.current().gramsPerKwh()).isEqualTo(300);
        assertThat(stale.asOf()).isEqualTo(clock.instant());
        assertThat(keeper.failing()).containsEntry("ES", PollOutcome.UNAVAILABLE);
    }

    @Test
    void aZoneNeverReadHasNothingToServe() {
        clock.advance(Duration.ofDays(1));
        keeper.failed("DE", PollOutcome.UNKNOWN_ZONE, "404");

        assertThat(delivered).isEmpty();
    }
}
