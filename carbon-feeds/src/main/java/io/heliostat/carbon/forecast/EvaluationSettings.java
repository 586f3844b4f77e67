package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ForecastAccuracy} walks a trace. Each must be a whole multiple of the trace's step (checked
 * when evaluating, since the step comes with the trace).
 *
 * @param warmUp time from the trace's start to the first forecast origin
 * @param stride time between forecast origins
 * @param horizon how far ahead each forecast reaches
 * @param window how much history before an origin the forecaster may see (the {@link ZoneHistory} retention)
 * @param maxFilledGap the longest gap the history fills rather than restarting (see {@link ZoneHistory})
 */
public record EvaluationSettings(Duration warmUp, Duration stride, Duration horizon, Duration window, Duration maxFilledGap) {

    /** Origins daily after 14 days, each forecasting 24 h from the 14 days before it; gaps up to a day filled. */
    public static final EvaluationSettings DEFAULT = new EvaluationSettings(Duration.ofDays(14), Duration.ofDays(1),
            Duration.ofDays(1), ZoneHistory.DEFAULT_RETENTION, ZoneHistory.DEFAULT_MAX_FILLED_GAP);

    public EvaluationSettings {
        requirePositive(warmUp, "warmUp");
        requirePositive(stride, "stride");
        requirePositive(horizon, "horizon");
        requirePositive(window, "window");
        Objects.requireNonNull(maxFilledGap, "maxFilledGap");
        if (maxFilledGap.isNegative()) {
            throw new IllegalArgumentException("maxFilledGap must be >= 0, was " + maxFilledGap);
        }
    }

    /** These settings with another stride between origins. */
    public EvaluationSettings withStride(Duration newStride) {
        return new EvaluationSettings(warmUp, newStride, horizon, window, maxFilledGap);
    }

    /** These settings with another history window. */
    public EvaluationSettings withWindow(Duration newWindow) {
        return new EvaluationSettings(warmUp, stride, horizon, newWindow, maxFilledGap);
    }

    private static void requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
