package io.heliostat.carbon.forecast;

import static io.heliostat.carbon.forecast.Series.HOUR;
import static io.heliostat.carbon.forecast.Series.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.solver.domain.SignalKind;

class ZoneHistoryTest {

    private static ZoneHistory hourly() {
        return ZoneHistory.of("ES", HOUR);
    }

    private static Instant hour(long h) {
        return T0.plus(HOUR.multipliedBy(h));
    }

    @Test
    void appendsConsecutiveSamplesInOrder() {
        ZoneHistory history = hourly();

        assertThat(history.append(hour(0), 100)).isEqualTo(AppendOutcome.APPENDED);
        assertThat(history.append(hour(1), 110)).isEqualTo(AppendOutcome.APPENDED);
        assertThat(history.append(hour(2), 120)).isEqualTo(AppendOutcome.APPENDED);

        IntensitySeries series = history.series();
        assertThat(series.values()).containsExactly(100, 110, 120);
        assertThat(series.start()).isEqualTo(hour(0));
        assertThat(series.end()).isEqualTo(hour(3));
        assertThat(history.end()).contains(hour(3));
        assertThat(history.filledCount()).isZero();
    }

    @Test
    void ignoresDuplicatesAndLateSamplesKeepingTheFirstValue() {
        ZoneHistory history = hourly();
        history.append(hour(0), 100);
        history.append(hour(1), 110);

        assertThat(history.append(hour(1), 999)).isEqualTo(AppendOutcome.IGNORED_NOT_LATER);
        assertThat(history.append(hour(0), 999)).isEqualTo(AppendOutcome.IGNORED_NOT_LATER);

        assertThat(history.series().values()).containsExactly(100, 110);
    }

    @Test
    void rejectsASampleOffTheStepGridNamingTheStep() {
        ZoneHistory history = hourly();
        history.append(hour(0), 100);

        assertThatThrownBy(() -> history.append(hour(1).plusSeconds(60), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start must be a whole number of steps of PT1H");
    }

    @Test
    void rejectsNegativeAndNonFiniteValuesNamingTheField() {
        ZoneHistory history = hourly();

        assertThatThrownBy(() -> history.append(hour(0), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gramsPerKwh").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> history.append(hour(0), Double.NaN)).hasMessageContaining("gramsPerKwh");
        assertThat(history.isEmpty()).isTrue();
    }

    @Test
    void fillsAGapWithTheValuesOneDayEarlier() {
        ZoneHistory history = hourly();
        for (int h = 0; h < 30; h++) {
            history.append(hour(h), 100 + h);
        }

        // hours 30, 31 and 32 are missing
        assertThat(history.append(hour(33), 500)).isEqualTo(AppendOutcome.FILLED_GAP);

        double[] values = history.series().values();
        assertThat(values).hasSize(34);
        assertThat(values[30]).isEqualTo(100 + 6);
        assertThat(values[31]).isEqualTo(100 + 7);
        assertThat(values[32]).isEqualTo(100 + 8);
        assertThat(values[33]).isEqualTo(500);
        assertThat(history.filledCount()).isEqualTo(3);
        assertThat(history.isFilled(29)).isFalse();
        assertThat(history.isFilled(30)).isTrue();
        assertThat(history.isFilled(33)).isFalse();
    }

    @Test
    void fillsAGapWithTheLastValueWhenTheHistoryHoldsLessThanADay() {
        ZoneHistory history = hourly();
        history.append(hour(0), 100);
        history.append(hour(1), 120);

        history.append(hour(4), 90);

        assertThat(history.series().values()).containsExactly(100, 120, 120, 120, 90);
    }

    @Test
    void restartsAfterAGapLongerThanItFills() {
        ZoneHistory history = new ZoneHistory("ES", HOUR, Duration.ofDays(14), Duration.ofHours(6));
        history.append(hour(0), 100);
        history.append(hour(1), 110);

        assertThat(history.append(hour(8), 200)).isEqualTo(AppendOutcome.FILLED_GAP);
        assertThat(history.size()).isEqualTo(9);
        assertThat(history.append(hour(16), 300)).isEqualTo(AppendOutcome.RESTARTED);

        assertThat(history.series().values()).containsExactly(300);
        assertThat(history.start()).contains(hour(16));
        assertThat(history.filledCount()).isZero();
    }

    @Test
    void aZeroMaxFilledGapRestartsOnAnyGap() {
        ZoneHistory history = new ZoneHistory("ES", HOUR, Duration.ofDays(1), Duration.ZERO);
        history.append(hour(0), 100);

        assertThat(history.append(hour(2), 200)).isEqualTo(AppendOutcome.RESTARTED);
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        ZoneHistory history = new ZoneHistory("ES", HOUR, Duration.ofDays(2), Duration.ofDays(1));
        assertThat(history.capacity()).isEqualTo(48);

        for (int h = 0; h < 100; h++) {
            history.append(hour(h), h);
        }

        IntensitySeries series = history.series();
        assertThat(series.size()).isEqualTo(48);
        assertThat(series.value(0)).isEqualTo(52);
        assertThat(series.last()).isEqualTo(99);
        assertThat(series.start()).isEqualTo(hour(52));
        assertThat(history.end()).contains(hour(100));
    }

    @Test
    void forgetsFilledMarksOfDroppedIntervals() {
        ZoneHistory history = new ZoneHistory("ES", Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(1));
        history.append(T0, 1);
        history.append(T0.plus(Duration.ofHours(18)), 4); // fills 2
        assertThat(history.filledCount()).isEqualTo(2);

        history.append(T0.plus(Duration.ofHours(24)), 5);
        history.append(T0.plus(Duration.ofHours(30)), 6);
        assertThat(history.filledCount()).isEqualTo(1);
        history.append(T0.plus(Duration.ofHours(36)), 7);

        assertThat(history.filledCount()).isZero();
        assertThat(history.series().values()).containsExactly(4, 5, 6, 7);
    }

    @Test
    void theDailyProfileIsTheMedianOfTheLastDaysAtTheSameTimeOfDay() {
        ZoneHistory history = new ZoneHistory("ES", Duration.ofHours(6), Duration.ofDays(14), Duration.ofDays(1));
        double[][] days = {{10, 20, 30, 40}, {50, 60, 70, 80}, {12, 22, 32, 42}, {14, 24, 34, 44}};
        int i = 0;
        for (double[] day : days) {
            for (double value : day) {
                history.append(T0.plus(Duration.ofHours(6L * i++)), value);
            }
        }

        DailyProfile lastThree = history.dailyProfile(3);
        assertThat(lastThree.stepsPerDay()).isEqualTo(4);
        assertThat(lastThree.valueAt(T0.plus(Duration.ofDays(10)))).hasValue(14);
        assertThat(lastThree.valueAt(T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(7)))).hasValue(24);
        assertThat(lastThree.samplesAt(T0)).isEqualTo(3);

        // Four days: the median of an even count is the mean of the middle two.
        assertThat(history.expectedAt(T0.plus(Duration.ofHours(18)), 4)).hasValue((42 + 44) / 2.0);
    }

    @Test
    void theDailyProfileLeavesFilledValuesOut() {
        ZoneHistory history = new ZoneHistory("ES", Duration.ofHours(6), Duration.ofDays(14), Duration.ofDays(1));
        history.append(T0, 10);
        history.append(T0.plus(Duration.ofHours(6)), 20);
        // a day later, hour 0 is missing and filled with 10
        history.append(T0.plus(Duration.ofHours(30)), 60);

        DailyProfile profile = history.dailyProfile(2);

        assertThat(history.series().values()).containsExactly(10, 20, 20, 20, 10, 60);
        assertThat(profile.samplesAt(T0.plus(Duration.ofDays(3)))).isEqualTo(1);
        assertThat(profile.valueAt(T0.plus(Duration.ofDays(3)))).hasValue(10);
        assertThat(profile.valueAt(T0.plus(Duration.ofHours(12)))).isEmpty();
    }

    @Test
    void appendsActualSignalsOfItsZoneAndStep() {
        ZoneHistory history = hourly();
        CarbonSignal actual = new CarbonSignal("ES", hour(0), hour(1), 120, SignalKind.AVERAGE, SignalBasis.ACTUAL, "test",
                hour(1), false);

        assertThat(history.append(actual)).isEqualTo(AppendOutcome.APPENDED);
        assertThatThrownBy(() -> history.append(new CarbonSignal("FR", hour(1), hour(2), 50, SignalKind.AVERAGE,
                SignalBasis.ACTUAL, "test", hour(1), false))).hasMessageContaining("signal must be of zone ES");
        assertThatThrownBy(() -> history.append(new CarbonSignal("ES", hour(1), hour(2), 50, SignalKind.AVERAGE,
                new SignalBasis.Forecast(hour(0)), "test", hour(1), false))).hasMessageContaining("must be an actual value");
        assertThatThrownBy(() -> history.append(new CarbonSignal("ES", hour(1), hour(3), 50, SignalKind.AVERAGE,
                SignalBasis.ACTUAL, "test", hour(1), false))).hasMessageContaining("must cover one step of PT1H");
    }

    @Test
    void rejectsSettingsItCannotKeepNamingTheField() {
        assertThatThrownBy(() -> ZoneHistory.of("ES", Duration.ofMinutes(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step").hasMessageContaining("divides 24 h");
        assertThatThrownBy(() -> new ZoneHistory("ES", HOUR, Duration.ofMinutes(90), Duration.ZERO))
                .hasMessageContaining("retention must be a positive whole multiple of the step PT1H");
        assertThatThrownBy(() -> new ZoneHistory("ES", HOUR, Duration.ofDays(1), Duration.ofMinutes(30)))
                .hasMessageContaining("maxFilledGap");
        assertThatThrownBy(() -> new ZoneHistory(" ", HOUR, Duration.ofDays(1), Duration.ZERO))
                .hasMessageContaining("zone must not be blank");
    }

    @Test
    void anEmptyHistoryHasNoSeriesToForecastFrom() {
        ZoneHistory history = hourly();

        assertThat(history.end()).isEmpty();
        assertThatThrownBy(history::series).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SeasonalNaiveForecaster().forecast(history, 24))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no samples");
    }
}
