package io.heliostat.carbon.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.trace.BundledTrace;
import io.heliostat.solver.trace.CarbonTrace;

/**
 * The forecasters' day-ahead error on the bundled Electricity Maps traces, by rolling origin: daily
 * origins after a 14-day warm-up, each forecasting 24 h from the 14 days before it. Prints every figure;
 * asserts what was measured, with a small margin, so that a change that makes a forecast worse fails.
 */
class BundledTraceForecastAccuracyTest {

    private static final Map<BundledTrace, ForecastAccuracy> SEASONAL_NAIVE = new EnumMap<>(BundledTrace.class);
    private static final Map<BundledTrace, ForecastAccuracy> HOLT_WINTERS = new EnumMap<>(BundledTrace.class);
    private static long holtWintersMillis;

    @BeforeAll
    static void evaluate() {
        for (BundledTrace bundled : new BundledTrace[] {BundledTrace.US_CAL_CISO_2022, BundledTrace.ES_2022,
                BundledTrace.NO_2022, BundledTrace.DE_2021H1}) {
            CarbonTrace trace = bundled.load();
            ForecastAccuracy naive = ForecastAccuracy.evaluate(trace, new SeasonalNaiveForecaster(), EvaluationSettings.DEFAULT);
            long started = System.nanoTime();
            ForecastAccuracy hw = ForecastAccuracy.evaluate(trace, new HoltWintersForecaster(), EvaluationSettings.DEFAULT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            holtWintersMillis = Math.max(holtWintersMillis, millis);
            SEASONAL_NAIVE.put(bundled, naive);
            HOLT_WINTERS.put(bundled, hw);
            System.out.printf("forecast %-18s %-15s forecasts=%d mape=%.2f%% mape_24h_lead=%.2f%% skipped_zero=%d missing=%d%n",
                    bundled, naive.forecaster(), naive.forecasts(), naive.mapePercent(), naive.mapeAtHorizonPercent(),
                    naive.skippedZeroActuals(), naive.missingActuals());
            System.out.printf("forecast %-18s %-15s forecasts=%d mape=%.2f%% mape_24h_lead=%.2f%% skipped_zero=%d missing=%d"
                            + " (%d ms)%n", bundled, hw.forecaster(), hw.forecasts(), hw.mapePercent(), hw.mapeAtHorizonPercent(),
                    hw.skippedZeroActuals(), hw.missingActuals(), millis);
            StringBuilder leads = new StringBuilder("forecast " + bundled + " holt-winters mape by lead (h):");
            for (int lead = 1; lead <= hw.horizonSteps(); lead++) {
                leads.append(String.format(" %d:%.1f", lead, hw.mapeAtLeadPercent(lead)));
            }
            System.out.println(leads);
        }
    }

    @Test
    void everyTraceIsForecastDailyAfterTheWarmUpByHoltWinters() {
        assertThat(HOLT_WINTERS.get(BundledTrace.ES_2022).forecasts()).isEqualTo(351);
        assertThat(HOLT_WINTERS.get(BundledTrace.US_CAL_CISO_2022).forecasts()).isEqualTo(351);
        assertThat(HOLT_WINTERS.get(BundledTrace.DE_2021H1).forecasts()).isEqualTo(167);
        HOLT_WINTERS.values().forEach(hw -> {
            assertThat(hw.methods()).containsOnlyKeys(ForecastMethod.HOLT_WINTERS);
            assertThat(hw.originsSkipped()).isZero();
        });
    }

    @Test
    void californiaMeetsTheTargetOf15Percent() {
        // Measured: Holt-Winters 9.84 % over leads 1-24 h, 13.73 % at 24 h; seasonal-naive 10.22 %, 13.96 %.
        ForecastAccuracy hw = HOLT_WINTERS.get(BundledTrace.US_CAL_CISO_2022);
        ForecastAccuracy naive = SEASONAL_NAIVE.get(BundledTrace.US_CAL_CISO_2022);
        assertThat(hw.mapePercent()).isLessThan(10.5);
        assertThat(hw.mapeAtHorizonPercent()).isLessThan(14.5);
        assertThat(naive.mapePercent()).isLessThan(10.8);
        assertThat(naive.mapeAtHorizonPercent()).isLessThan(14.5);
    }

    @Test
    void spainMissesTheTargetOf15Percent() {
        // Measured: Holt-Winters 17.00 % over leads 1-24 h, 17.99 % at 24 h; seasonal-naive 20.44 %, 17.67 %.
        // Not the 15 %: most of Spain's day-ahead error is the next day's level (weather-driven), which its own
        // history does not tell: told the coming day's mean, the last week's daily shape alone would be about 8 % off
        // (measured while building this, not a test here).
        ForecastAccuracy hw = HOLT_WINTERS.get(BundledTrace.ES_2022);
        ForecastAccuracy naive = SEASONAL_NAIVE.get(BundledTrace.ES_2022);
        assertThat(hw.mapePercent()).isLessThan(17.5);
        assertThat(hw.mapeAtHorizonPercent()).isLessThan(18.5);
        assertThat(naive.mapePercent()).isLessThan(21);
        assertThat(naive.mapeAtHorizonPercent()).isLessThan(18.2);
    }

    @Test
    void holtWintersBeatsSeasonalNaiveOverTheWholeDayOnEveryTrace() {
        // Measured on NO_2022: 59.20 % against 61.48 %; on DE_2021H1: 16.68 % against 21.18 %. (At the 24 h lead
        // alone, seasonal-naive is slightly better on ES, NO and DE: see the printed figures.)
        HOLT_WINTERS.forEach((trace, hw) ->
                assertThat(hw.mapePercent()).as(trace.name()).isLessThan(SEASONAL_NAIVE.get(trace).mapePercent()));
        assertThat(HOLT_WINTERS.get(BundledTrace.DE_2021H1).mapePercent()).isLessThan(17.2);
        assertThat(HOLT_WINTERS.get(BundledTrace.NO_2022).mapePercent()).isLessThan(60);
    }

    @Test
    void fiveMinuteDataIsForecastWithASeasonOf288Steps() {
        // A month of WattTime's 5-minute marginal signal, for information: the fit's in-sample origins thin
        // out to hourly, so a forecast of 288 steps from 4032 costs about what an hourly one does.
        ForecastAccuracy hw = ForecastAccuracy.evaluate(BundledTrace.CAISO_NORTH_2023_06_MOER.load(), new HoltWintersForecaster(),
                EvaluationSettings.DEFAULT);
        ForecastAccuracy naive = ForecastAccuracy.evaluate(BundledTrace.CAISO_NORTH_2023_06_MOER.load(),
                new SeasonalNaiveForecaster(), EvaluationSettings.DEFAULT);
        System.out.println("forecast CAISO_NORTH_2023_06_MOER " + naive.summary());
        System.out.println("forecast CAISO_NORTH_2023_06_MOER " + hw.summary());

        assertThat(hw.horizonSteps()).isEqualTo(288);
        assertThat(hw.forecasts() + hw.originsSkipped()).isPositive();
        assertThat(hw.mapePercent()).isFinite();
    }

    @Test
    void aYearOfHourlyDataIsEvaluatedInSeconds() {
        assertThat(holtWintersMillis).isLessThan(5_000);
    }
}
