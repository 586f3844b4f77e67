package io.heliostat.carbon.forecast;

import static io.heliostat.carbon.forecast.Series.HOUR;
import static io.heliostat.carbon.forecast.Series.T0;
import static io.heliostat.carbon.forecast.Series.dailySine;
import static io.heliostat.carbon.forecast.Series.hourly;
import static io.heliostat.carbon.forecast.Series.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.solver.domain.SignalKind;

class ForecasterTest {

    private final SeasonalNaiveForecaster seasonalNaive = new SeasonalNaiveForecaster();
    private final HoltWintersForecaster holtWinters = new HoltWintersForecaster();

    @Test
    void seasonalNaiveIsExactOnAPureDailySeries() {
        double[] values = dailySine(24 * 6, 200, 80);

        Forecast forecast = seasonalNaive.forecast(hourly(slice(values, 0, 24 * 4)), 48);

        assertThat(forecast.method()).isEqualTo(ForecastMethod.SEASONAL_NAIVE);
        assertThat(forecast.values()).containsExactly(slice(values, 24 * 4, 24 * 6));
        assertThat(forecast.origin()).isEqualTo(T0.plus(Duration.ofDays(4)));
        assertThat(forecast.points().get(0).start()).isEqualTo(T0.plus(Duration.ofDays(4)));
        assertThat(forecast.points().get(47).end()).isEqualTo(T0.plus(Duration.ofDays(6)));
    }

    @Test
    void seasonalNaiveTakesTheValueOneDayEarlier() {
        double[] values = new double[30];
        for (int h = 0; h < values.length; h++) {
            values[h] = h;
        }

        Forecast forecast = seasonalNaive.forecast(hourly(values), 26);

        // value at lead k is the one 24 h before its interval: index 30 - 24 + (k - 1) % 24
        assertThat(forecast.valueAtLead(1)).isEqualTo(6);
        assertThat(forecast.valueAtLead(24)).isEqualTo(29);
        assertThat(forecast.valueAtLead(25)).isEqualTo(6);
    }

    @Test
    void holtWintersIsExactOnAPureDailySeriesWhateverItsParameters() {
        double[] values = dailySine(24 * 6, 200, 80);
        IntensitySeries history = hourly(slice(values, 0, 24 * 4));

        Forecast fitted = holtWinters.forecast(history, 48);
        Forecast fixed = HoltWintersForecaster.withParameters(new HoltWintersParameters(0.3, 0.1, 0.2, 0.9))
                .forecast(history, 48);

        assertThat(fitted.method()).isEqualTo(ForecastMethod.HOLT_WINTERS);
        double[] future = slice(values, 24 * 4, 24 * 6);
        for (int k = 0; k < 48; k++) {
            assertThat(fitted.values()[k]).isCloseTo(future[k], within(1e-9));
            assertThat(fixed.values()[k]).isCloseTo(future[k], within(1e-9));
        }
    }

    @Test
    void holtWintersFollowsTheRecursionsByHand() {
        // Step 12 h: a season of two values. alpha 0.5, gamma 0.5, no trend.
        IntensitySeries history = IntensitySeries.of(T0, Duration.ofHours(12), 10, 20, 12, 22, 14);
        HoltWintersForecaster forecaster = HoltWintersForecaster.withParameters(HoltWintersParameters.withoutTrend(0.5, 0.5));

        Forecast forecast = forecaster.forecast(history, 3);

        // init: level 15, s = (-5, 5); t=2: level 16, s2 -4.5; t=3: level 16.5, s3 5.25; t=4: level 17.5, s4 -4
        assertThat(forecast.values()).containsExactly(17.5 + 5.25, 17.5 - 4, 17.5 + 5.25);
        // in-sample: from t=2 (level 16): 21 for 22, 11.5 for 14; from t=3 (level 16.5): 12 for 14
        HoltWintersFit fit = forecaster.fit(history, 3).orElseThrow();
        assertThat(fit.horizonSteps()).isEqualTo(2);
        assertThat(fit.inSampleMapePercent()).isCloseTo(100 * (1 / 22.0 + 2.5 / 14 + 2 / 14.0) / 3, within(1e-9));
    }

    @Test
    void holtWintersWithADampedTrendFollowsTheRecursionsByHand() {
        IntensitySeries history = IntensitySeries.of(T0, Duration.ofHours(12), 10, 20, 12, 22);
        HoltWintersForecaster forecaster = HoltWintersForecaster.withParameters(new HoltWintersParameters(0.5, 0.5, 0, 0.5));

        Forecast forecast = forecaster.forecast(history, 2);

        // init: level 15, trend 0, s = (-5, 5)
        // t=2: level 0.5*17 + 0.5*15 = 16, trend 0.5*1 = 0.5
        // t=3: level 0.5*17 + 0.5*(16 + 0.25) = 16.625, trend 0.5*0.625 + 0.5*0.25 = 0.4375
        // lead 1: 16.625 + 0.5*0.4375 - 5; lead 2: 16.625 + 0.75*0.4375 + 5
        assertThat(forecast.values()[0]).isCloseTo(16.625 + 0.21875 - 5, within(1e-12));
        assertThat(forecast.values()[1]).isCloseTo(16.625 + 0.328125 + 5, within(1e-12));
    }

    @Test
    void holtWintersRecoversALevelShift() {
        // Five days of a daily sine around 100, then the level jumps to 150 for the last 12 hours.
        int n = 24 * 5;
        double[] values = dailySine(n + 24, 100, 40);
        for (int h = n - 12; h < n + 24; h++) {
            values[h] += 50;
        }
        IntensitySeries history = hourly(slice(values, 0, n));
        double[] future = slice(values, n, n + 24);

        double[] hw = holtWinters.forecast(history, 24).values();
        double[] naive = seasonalNaive.forecast(history, 24).values();

        double hwWorst = 0;
        double naiveWorst = 0;
        for (int k = 0; k < 24; k++) {
            hwWorst = Math.max(hwWorst, Math.abs(hw[k] - future[k]));
            naiveWorst = Math.max(naiveWorst, Math.abs(naive[k] - future[k]));
        }
        assertThat(naiveWorst).isCloseTo(50, within(1e-9));
        assertThat(hwWorst).isLessThan(5);
        assertThat(holtWinters.fit(history, 24).orElseThrow().parameters().alpha()).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void fallsBackBySeasonalNaiveAndPersistenceWhenTheHistoryIsShort() {
        double[] values = dailySine(48, 200, 80);

        assertThat(holtWinters.forecast(hourly(slice(values, 0, 48)), 24).method()).isEqualTo(ForecastMethod.HOLT_WINTERS);
        assertThat(holtWinters.forecast(hourly(slice(values, 0, 47)), 24).method()).isEqualTo(ForecastMethod.SEASONAL_NAIVE);
        assertThat(holtWinters.forecast(hourly(slice(values, 0, 24)), 24).method()).isEqualTo(ForecastMethod.SEASONAL_NAIVE);
        assertThat(holtWinters.fit(hourly(slice(values, 0, 47)), 24)).isEmpty();

        Forecast persistence = holtWinters.forecast(hourly(slice(values, 0, 23)), 3);
        assertThat(persistence.method()).isEqualTo(ForecastMethod.PERSISTENCE);
        assertThat(persistence.values()).containsExactly(values[22], values[22], values[22]);
        assertThat(seasonalNaive.forecast(hourly(42), 2).values()).containsExactly(42, 42);
        assertThat(seasonalNaive.forecast(hourly(42), 2).method()).isEqualTo(ForecastMethod.PERSISTENCE);
    }

    @Test
    void forecastsAreClampedAtZero() {
        // A daily shape reaching 0, then a last value of 0 where about 37 was due: alpha 1 drops the level by 37.
        double[] values = dailySine(24 * 3, 50, 50);
        values[values.length - 1] = 0;
        HoltWintersForecaster jumpy = HoltWintersForecaster.withParameters(HoltWintersParameters.withoutTrend(1, 0));

        double[] forecast = jumpy.forecast(hourly(values), 24).values();

        assertThat(Arrays.stream(forecast).min().orElseThrow()).isZero();
        assertThat(forecast).contains(0.0);
    }

    @Test
    void theFitChoosesTheCandidateWithTheLeastInSampleError() {
        int n = 24 * 5;
        double[] values = dailySine(n, 100, 40);
        for (int h = n - 12; h < n; h++) {
            values[h] += 50;
        }
        HoltWintersParameters slow = HoltWintersParameters.withoutTrend(0.05, 0.1);
        HoltWintersParameters fast = HoltWintersParameters.withoutTrend(0.9, 0.1);

        HoltWintersFit fit = new HoltWintersForecaster(List.of(slow, fast)).fit(hourly(values), 24).orElseThrow();

        assertThat(fit.parameters()).isEqualTo(fast);
        assertThat(fit.candidates()).isEqualTo(2);
        assertThat(HoltWintersForecaster.defaultGrid()).hasSize(35);
    }

    @Test
    void aForecastBecomesForecastSignals() {
        Forecast forecast = seasonalNaive.forecast(hourly(dailySine(24, 100, 10)), 2);

        List<CarbonSignal> signals = forecast.toSignals("ES", SignalKind.AVERAGE, "forecast:seasonal-naive", T0);

        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).basis()).isEqualTo(new SignalBasis.Forecast(T0));
        assertThat(signals.get(0).start()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(signals.get(1).end()).isEqualTo(T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
        assertThat(signals.get(1).gramsPerKwh()).isEqualTo(forecast.valueAtLead(2));
    }

    @Test
    void rejectsInvalidArgumentsNamingTheField() {
        assertThatThrownBy(() -> seasonalNaive.forecast(hourly(1, 2), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps must be >= 1");
        assertThatThrownBy(() -> new HoltWintersParameters(0, 0, 0.1, 1)).hasMessageContaining("alpha must be in (0, 1]");
        assertThatThrownBy(() -> new HoltWintersParameters(0.1, 1.5, 0.1, 1)).hasMessageContaining("beta must be in [0, 1]");
        assertThatThrownBy(() -> new HoltWintersParameters(0.1, 0, -0.1, 1)).hasMessageContaining("gamma must be in [0, 1]");
        assertThatThrownBy(() -> new HoltWintersParameters(0.1, 0, 0.1, 0)).hasMessageContaining("phi must be in (0, 1]");
        assertThatThrownBy(() -> new HoltWintersForecaster(List.of())).hasMessageContaining("candidates");
        assertThatThrownBy(() -> hourly()).hasMessageContaining("values must hold at least one");
        assertThatThrownBy(() -> hourly(1, -2)).hasMessageContaining("values[1]");
        assertThatThrownBy(() -> IntensitySeries.of(T0, Duration.ofMinutes(7), 1)).hasMessageContaining("step");
        assertThat(hourly(1, 2, 3).last(2).start()).isEqualTo(T0.plus(HOUR));
    }
}
