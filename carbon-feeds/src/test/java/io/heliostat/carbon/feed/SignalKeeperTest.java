package io.heliostat.carbon.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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

    /** The actual value of ES's hour {@code hour} (0 is START) in g/kWh, {@code length} long, as Electricity Maps gives it. */
    private static CarbonSignal hour(double hour, double gramsPerKwh, Duration length) {
        Instant start = START.plusSeconds((long) (hour * 3600));
        return new CarbonSignal("ES", start, start.plus(length), gramsPerKwh, SignalKind.AVERAGE, SignalBasis.ACTUAL,
                "electricitymaps:lifecycle", START.plus(Duration.ofDays(1)), false);
    }

    private static CarbonSignal hour(double hour, double gramsPerKwh) {
        return hour(hour, gramsPerKwh, Duration.ofHours(1));
    }

    /** The solar day's hours 0 to 23, a day before {@link #CURRENT}. */
    private static List<CarbonSignal> pastDay() {
        return IntStream.range(0, 24).mapToObj(hour -> hour(hour, solar(hour))).toList();
    }

    /** The hour after {@link #pastDay()}: hour 24, midnight of the second day. */
    private static final CarbonSignal CURRENT = hour(24, solar(0));

    private void keep(CarbonSignal current) {
        keeper.fresh(new ZoneSignals(current.zone(), current.start(), current, List.of()));
    }

    private static List<Double> solarProfile() {
        return IntStream.range(0, 24).mapToObj(SignalKeeperTest::solar).toList();
    }

    @Test
    void aSeededDayGivesTheFirstValueAForecastFromHistoryAndADailyProfile() {
        assertThat(keeper.wantsHistory(CURRENT)).isTrue();

        keeper.seed(CURRENT, pastDay());
        keep(CURRENT);

        assertThat(keeper.wantsHistory(CURRENT)).isFalse();
        ZoneSignals first = delivered.getFirst();
        // A day and an hour of history: the seasonal method's (Holt-Winters takes two days), a day ahead of the current hour.
        assertThat(first.forecast()).hasSize(24).allSatisfy(hour -> assertThat(hour.source())
                .isEqualTo("electricitymaps:lifecycle+history:seasonal-naive"));
        assertThat(first.forecast().getFirst().start()).isEqualTo(CURRENT.end());
        assertThat(first.forecast().getFirst().gramsPerKwh()).isEqualTo(solar(1));
        assertThat(first.dailyProfile()).isEqualTo(solarProfile());
    }

    @Test
    void anEmptySeedCountsAsSeededAndTheHistoryBuildsUpFromPolls() {
        keeper.seed(CURRENT, List.of());
        keep(CURRENT);

        assertThat(keeper.wantsHistory(CURRENT)).isFalse();
        assertThat(delivered.getFirst().forecast()).isEmpty();
        assertThat(delivered.getFirst().dailyProfile()).isEmpty();
    }

    @Test
    void pastValuesOverlappingTheCurrentValueOrEachOtherAreTakenOnceTheFirstStanding() {
        List<CarbonSignal> past = new ArrayList<>(pastDay());
        past.add(hour(24, 999)); // the current hour: the current value stands
        past.add(hour(5, 999)); // hour 5 again: the first value stands
        past.add(hour(30, 999)); // after the current hour

        keeper.seed(CURRENT, past);
        keep(CURRENT);

        assertThat(delivered.getFirst().dailyProfile()).isEqualTo(solarProfile());
        assertThat(delivered.getFirst().forecast()).extracting(CarbonSignal::gramsPerKwh).doesNotContain(999.0);
    }

    @Test
    void pastValuesOfAnotherStepOffTheGridOrNotActualAreLeftOut() {
        List<CarbonSignal> past = new ArrayList<>();
        // Each ahead of the hour it would take, so that it would stand if it were taken.
        past.add(hour(3, 999, Duration.ofMinutes(30)));
        past.add(hour(7.5, 999));
        CarbonSignal forecast = hour(9, 999);
        past.add(new CarbonSignal("ES", forecast.start(), forecast.end(), 999, SignalKind.AVERAGE,
                new SignalBasis.Forecast(START), forecast.source(), forecast.fetchedAt(), false));
        past.add(new CarbonSignal("PT", forecast.start().plus(Duration.ofHours(2)), forecast.end().plus(Duration.ofHours(2)), 999,
                SignalKind.AVERAGE, SignalBasis.ACTUAL, forecast.source(), forecast.fetchedAt(), false));
        past.add(new CarbonSignal("ES", forecast.start().plus(Duration.ofHours(4)), forecast.end().plus(Duration.ofHours(4)), 999,
                SignalKind.MARGINAL, SignalBasis.ACTUAL, forecast.source(), forecast.fetchedAt(), false));
        past.addAll(pastDay());

        keeper.seed(CURRENT, past);
        keep(CURRENT);

        assertThat(delivered.getFirst().dailyProfile()).isEqualTo(solarProfile());
        assertThat(delivered.getFirst().forecast()).hasSize(24).extracting(CarbonSignal::gramsPerKwh).doesNotContain(999.0);
    }

    @Test
    void pastValuesOutOfOrderSeedAsInOrder() {
        keeper.seed(CURRENT, pastDay().reversed());
        keep(CURRENT);

        assertThat(delivered.getFirst().dailyProfile()).isEqualTo(solarProfile());
        assertThat(delivered.getFirst().forecast().getFirst().gramsPerKwh()).isEqualTo(solar(1));
    }

    @Test
    void whatTheHistoryHoldsStandsAndAHistoryOnAnotherStepIsReplaced() {
        keep(hour(22, 42, Duration.ofMinutes(30))); // half-hourly: replaced by the hourly seed
        keep(hour(23, 50));
        assertThat(keeper.wantsHistory(CURRENT)).as("a history started afresh on another step").isTrue();

        keeper.seed(CURRENT, pastDay());
        keep(CURRENT);

        List<Double> profile = delivered.getLast().dailyProfile();
        assertThat(profile.get(23)).isEqualTo(50.0);
        assertThat(profile.subList(0, 23)).isEqualTo(solarProfile().subList(0, 23));
    }

    @Test
    void aHistoryThatStartsAfreshWantsSeedingAgain() {
        keeper.seed(CURRENT, pastDay());
        keep(CURRENT);
        assertThat(keeper.wantsHistory(hour(25, 100))).isFalse();

        keep(hour(25.5, 100)); // the provider moved its hours by half an hour
        assertThat(keeper.wantsHistory(hour(26.5, 100))).isTrue();
        keeper.seed(hour(26.5, 100), List.of());
        keep(hour(26.5, 100));
        assertThat(keeper.wantsHistory(hour(27.5, 100))).isFalse();

        keep(hour(60, 100)); // more than a day unread
        assertThat(keeper.wantsHistory(hour(61, 100))).isTrue();
        // An interval that does not divide a day keeps no history to seed.
        assertThat(keeper.wantsHistory(hour(62, 100, Duration.ofMinutes(7)))).isFalse();
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
