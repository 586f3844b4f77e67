package io.heliostat.carbon.forecast;

import static io.heliostat.carbon.forecast.Series.HOUR;
import static io.heliostat.carbon.forecast.Series.T0;
import static io.heliostat.carbon.forecast.Series.dailySine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {

    private final SeasonalNaiveForecaster seasonalNaive = new SeasonalNaiveForecaster();

    @Test
    void aForecasterThatIsExactScoresZero() {
        double[] values = dailySine(24 * 20, 200, 80);

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("sine", values, T0, HOUR, seasonalNaive, EvaluationSettings.DEFAULT);

        // origins at days 14 to 19, each followed by a whole day
        assertThat(accuracy.forecasts()).isEqualTo(6);
        assertThat(accuracy.horizonSteps()).isEqualTo(24);
        assertThat(accuracy.scoredValues()).isEqualTo(6 * 24);
        assertThat(accuracy.mapePercent()).isZero();
        assertThat(accuracy.mapeAtHorizonPercent()).isZero();
        assertThat(accuracy.methods()).isEqualTo(Map.of(ForecastMethod.SEASONAL_NAIVE, 6));
        assertThat(accuracy.forecaster()).isEqualTo("seasonal-naive");
    }

    @Test
    void scoresTheMeanAbsolutePercentageErrorOfEveryLead() {
        // Days alternate 100 and 200: seasonal-naive is off by 100% on a 100 day and by 50% on a 200 day.
        double[] values = new double[24 * 20];
        for (int h = 0; h < values.length; h++) {
            values[h] = (h / 24) % 2 == 0 ? 100 : 200;
        }

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("alternating", values, T0, HOUR, seasonalNaive,
                EvaluationSettings.DEFAULT);

        assertThat(accuracy.forecasts()).isEqualTo(6);
        assertThat(accuracy.mapePercent()).isCloseTo(75, within(1e-9));
        assertThat(accuracy.mapeAtLeadPercent(1)).isCloseTo(75, within(1e-9));
        assertThat(accuracy.mapeAtHorizonPercent()).isCloseTo(75, within(1e-9));
    }

    @Test
    void aStrideAndHorizonOtherThanADayAreHonoured() {
        double[] values = new double[24 * 20];
        for (int h = 0; h < values.length; h++) {
            values[h] = (h / 24) % 2 == 0 ? 100 : 200;
        }
        EvaluationSettings settings = new EvaluationSettings(Duration.ofDays(14), Duration.ofHours(12), Duration.ofHours(12),
                Duration.ofDays(14), Duration.ofDays(1));

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("alternating", values, T0, HOUR, seasonalNaive, settings);

        // origins at 14 d, 14.5 d, ..., 19.5 d: 12 of them, each 12 h
        assertThat(accuracy.forecasts()).isEqualTo(12);
        assertThat(accuracy.horizonSteps()).isEqualTo(12);
        assertThat(accuracy.mapePercent()).isCloseTo(75, within(1e-9));
    }

    @Test
    void actualZerosAreSkippedAndCountedNotDividedBy() {
        double[] values = dailySine(24 * 16, 100, 100);
        values[24 * 14 + 3] = 0;
        values[24 * 15 + 5] = 0;

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("zeros", values, T0, HOUR, seasonalNaive, EvaluationSettings.DEFAULT);

        // dailySine(., 100, 100) is itself 0 at hour 18 of every day
        assertThat(accuracy.skippedZeroActuals()).isEqualTo(2 + 2);
        assertThat(accuracy.scoredValues()).isEqualTo(2 * 24 - 4);
        assertThat(accuracy.mapePercent()).isFinite();
        assertThat(accuracy.mapeAtLeadPercent(19)).isNaN();
    }

    @Test
    void missingValuesAreCountedAndOriginsInAGapSkipped() {
        double[] values = dailySine(24 * 17, 200, 80);
        values[24 * 14 + 2] = Double.NaN; // inside the first forecast's day: not scored, filled in the history
        values[24 * 16 - 1] = Double.NaN; // just before the third origin: its history does not reach it

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("gappy", values, T0, HOUR, seasonalNaive, EvaluationSettings.DEFAULT);

        assertThat(accuracy.forecasts()).isEqualTo(2);
        assertThat(accuracy.originsSkipped()).isEqualTo(1);
        assertThat(accuracy.missingActuals()).isEqualTo(1 + 1);
        // The filled value is the one a day earlier, which is exact on this series.
        assertThat(accuracy.mapePercent()).isCloseTo(0, within(1e-9));
    }

    @Test
    void reportsTheFallbacksMadeWhileTheHistoryIsShort() {
        double[] values = dailySine(24 * 5, 200, 80);
        EvaluationSettings settings = new EvaluationSettings(Duration.ofHours(12), Duration.ofHours(12), Duration.ofDays(1),
                Duration.ofDays(14), Duration.ofDays(1));

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("short", values, T0, HOUR, new HoltWintersForecaster(), settings);

        // origins at 12 h (persistence), 24 h and 36 h (seasonal-naive), 48 h to 96 h (Holt-Winters)
        assertThat(accuracy.methods()).isEqualTo(Map.of(ForecastMethod.PERSISTENCE, 1, ForecastMethod.SEASONAL_NAIVE, 2,
                ForecastMethod.HOLT_WINTERS, 5));
    }

    @Test
    void theWindowBoundsTheHistoryTheForecasterSees() {
        // A forecaster reporting how much history it saw, as the value it forecasts.
        Forecaster lengthReporter = new Forecaster() {
            @Override
            public Forecast forecast(IntensitySeries history, int steps) {
                double[] out = new double[steps];
                Arrays.fill(out, history.size());
                return Forecast.of(history.end(), history.step(), ForecastMethod.PERSISTENCE, out);
            }

            @Override
            public String name() {
                return "length";
            }
        };
        double[] values = new double[24 * 10];
        Arrays.fill(values, 48);

        ForecastAccuracy accuracy = ForecastAccuracy.evaluate("flat", values, T0, HOUR, lengthReporter,
                new EvaluationSettings(Duration.ofDays(3), Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(2),
                        Duration.ofDays(1)));

        assertThat(accuracy.mapePercent()).isZero();
    }

    @Test
    void rejectsSettingsThatAreNotMultiplesOfTheStepNamingThem() {
        double[] values = dailySine(24 * 20, 200, 80);

        assertThatThrownBy(() -> ForecastAccuracy.evaluate("x", values, T0, HOUR, seasonalNaive,
                EvaluationSettings.DEFAULT.withStride(Duration.ofMinutes(90))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> EvaluationSettings.DEFAULT.withWindow(Duration.ZERO)).hasMessageContaining("window must be positive");
        values[3] = -1;
        assertThatThrownBy(() -> ForecastAccuracy.evaluate("x", values, T0, HOUR, seasonalNaive, EvaluationSettings.DEFAULT))
                .hasMessageContaining("values[3]");
    }
}
