package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.heliostat.carbon.forecast.internal.Steps;
import io.heliostat.solver.trace.CarbonTrace;

/**
 * The measured error of a forecaster on a recorded series, by rolling origin: at each origin (after a
 * warm-up, then every stride) the forecaster sees only the window of history before the origin, as a
 * {@link ZoneHistory} fed sample by sample would hold it, forecasts the horizon, and is scored against
 * what happened. Nothing after an origin reaches the forecast made there, so the figure is the error the
 * product would have had.
 *
 * <p>Error is the mean absolute percentage error, {@code |forecast - actual| / actual}, in percent.
 * Actual values of 0 are skipped (and counted) rather than divided by; missing actual values (gaps in
 * the trace) are skipped and counted too. An origin whose history does not reach it (it falls in a gap)
 * makes no forecast and is counted as skipped.
 *
 * @param forecaster the forecaster's name
 * @param series what was evaluated, such as a trace's source
 * @param step the series' step
 * @param horizonSteps the lead times scored: 1 to {@code horizonSteps} steps
 * @param forecasts how many forecasts were scored
 * @param originsSkipped origins without history reaching them
 * @param methods how many of the forecasts each method made (fallbacks show here)
 * @param scoredValues forecast values compared with an actual value
 * @param skippedZeroActuals forecast values not scored because the actual value was 0
 * @param missingActuals forecast values not scored because the actual value was missing
 * @param mapePercent the MAPE over every lead time 1 to {@code horizonSteps}, or NaN if nothing was scored
 * @param mapeByLeadPercent the MAPE at each lead time; element {@code k - 1} is lead {@code k} (NaN if none scored there)
 */
public record ForecastAccuracy(String forecaster, String series, Duration step, int horizonSteps, int forecasts,
                               int originsSkipped, Map<ForecastMethod, Integer> methods, long scoredValues,
                               long skippedZeroActuals, long missingActuals, double mapePercent,
                               List<Double> mapeByLeadPercent) {

    public ForecastAccuracy {
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(step, "step");
        EnumMap<ForecastMethod, Integer> copy = new EnumMap<>(ForecastMethod.class);
        copy.putAll(methods);
        methods = Collections.unmodifiableMap(copy);
        mapeByLeadPercent = List.copyOf(mapeByLeadPercent);
        if (horizonSteps < 1 || mapeByLeadPercent.size() != horizonSteps) {
            throw new IllegalArgumentException("horizonSteps must be >= 1 and mapeByLeadPercent must hold one value per lead,"
                    + " was horizonSteps " + horizonSteps + " and " + mapeByLeadPercent.size() + " values");
        }
        if (forecasts < 0 || originsSkipped < 0 || scoredValues < 0 || skippedZeroActuals < 0 || missingActuals < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were forecasts " + forecasts + ", originsSkipped "
                    + originsSkipped + ", scoredValues " + scoredValues + ", skippedZeroActuals " + skippedZeroActuals
                    + ", missingActuals " + missingActuals);
        }
    }

    /** The MAPE at {@code lead} steps ahead (1 to {@link #horizonSteps()}), percent. */
    public double mapeAtLeadPercent(int lead) {
        if (lead < 1 || lead > horizonSteps) {
            throw new IllegalArgumentException("lead must be 1 to " + horizonSteps + ", was " + lead);
        }
        return mapeByLeadPercent.get(lead - 1);
    }

    /** The MAPE at the farthest lead, the horizon itself (24 h ahead by default), percent. */
    public double mapeAtHorizonPercent() {
        return mapeByLeadPercent.get(horizonSteps - 1);
    }

    /**
     * Evaluates {@code forecaster} on {@code trace}, sampled at the trace's step; intervals the trace has
     * no sample for are gaps.
     */
    public static ForecastAccuracy evaluate(CarbonTrace trace, Forecaster forecaster, EvaluationSettings settings) {
        Objects.requireNonNull(trace, "trace");
        Duration step = trace.step();
        long stepSeconds = Steps.requireDailyStep(step, "trace step");
        long span = Duration.between(trace.start(), trace.end()).getSeconds();
        int count = Math.toIntExact(span / stepSeconds);
        double[] values = new double[count];
        Instant start = trace.start();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusSeconds(stepSeconds * i);
            try {
                values[i] = trace.sampleAt(at);
            } catch (IllegalArgumentException gap) {
                values[i] = Double.NaN;
            }
        }
        return evaluate(trace.source(), values, start, step, forecaster, settings);
    }

    /**
     * Evaluates {@code forecaster} on {@code values}, value {@code i} holding from {@code start + i * step};
     * NaN marks a missing value.
     *
     * @param series a name for the report
     * @throws IllegalArgumentException if a value is negative or infinite, or a setting is not a multiple of the step
     */
    public static ForecastAccuracy evaluate(String series, double[] values, Instant start, Duration step,
                                            Forecaster forecaster, EvaluationSettings settings) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(settings, "settings");
        long stepSeconds = Steps.requireDailyStep(step, "step");
        int warmUp = Steps.requireMultiple(settings.warmUp(), stepSeconds, "warmUp");
        int stride = Steps.requireMultiple(settings.stride(), stepSeconds, "stride");
        int horizon = Steps.requireMultiple(settings.horizon(), stepSeconds, "horizon");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && !Steps.isIntensity(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be a finite intensity >= 0 g/kWh or NaN (missing),"
                        + " was " + values[i]);
            }
        }
        ZoneHistory history = new ZoneHistory(series.isBlank() ? "series" : series, step, settings.window(),
                settings.maxFilledGap());
        double[] errorSum = new double[horizon];
        long[] scoredAt = new long[horizon];
        Map<ForecastMethod, Integer> methods = new EnumMap<>(ForecastMethod.class);
        int forecasts = 0;
        int originsSkipped = 0;
        long skippedZero = 0;
        long missing = 0;
        for (int i = 0; i < values.length; i++) {
            if (i >= warmUp && (i - warmUp) % stride == 0 && i + horizon <= values.length) {
                Instant origin = start.plusSeconds(stepSeconds * i);
                if (history.isEmpty() || !history.end().orElseThrow().equals(origin)) {
                    originsSkipped++;
                } else {
                    Forecast forecast = forecaster.forecast(history.series(), horizon);
                    forecasts++;
                    methods.merge(forecast.method(), 1, Integer::sum);
                    for (int k = 0; k < horizon; k++) {
                        double actual = values[i + k];
                        if (Double.isNaN(actual)) {
                            missing++;
                        } else if (actual == 0) {
                            skippedZero++;
                        } else {
                            errorSum[k] += Math.abs(forecast.points().get(k).gramsPerKwh() - actual) / actual;
                            scoredAt[k]++;
                        }
                    }
                }
            }
            if (!Double.isNaN(values[i])) {
                history.append(start.plusSeconds(stepSeconds * i), values[i]);
            }
        }
        List<Double> byLead = new ArrayList<>(horizon);
        double total = 0;
        long scored = 0;
        for (int k = 0; k < horizon; k++) {
            byLead.add(scoredAt[k] == 0 ? Double.NaN : 100 * errorSum[k] / scoredAt[k]);
            total += errorSum[k];
            scored += scoredAt[k];
        }
        return new ForecastAccuracy(forecaster.name(), series, step, horizon, forecasts, originsSkipped, methods, scored,
                skippedZero, missing, scored == 0 ? Double.NaN : 100 * total / scored, byLead);
    }

    /** One line for logs and benchmarks: {@code forecast_mape_24h=...} style fields. */
    public String summary() {
        return String.format(Locale.ROOT,
                "series=%s forecaster=%s forecasts=%d mape=%.2f%% mape_at_horizon=%.2f%% methods=%s skipped_zero_actuals=%d"
                        + " missing_actuals=%d origins_skipped=%d",
                series, forecaster, forecasts, mapePercent, mapeAtHorizonPercent(), methods, skippedZeroActuals, missingActuals,
                originsSkipped);
    }
}
