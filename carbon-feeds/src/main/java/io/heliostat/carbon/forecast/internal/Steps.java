package io.heliostat.carbon.forecast.internal;

import java.time.Duration;
import java.util.Objects;

/** Checks of the step of an evenly stepped series with daily seasonality. */
public final class Steps {

    /** Seconds in a day: the season every forecast here assumes. */
    public static final long DAY_SECONDS = 86_400;

    private Steps() {
    }

    /**
     * The step in seconds; fails naming {@code field} unless it is a positive whole number of seconds
     * that divides a day evenly, because the daily season must be a whole number of steps.
     */
    public static long requireDailyStep(Duration step, String field) {
        Objects.requireNonNull(step, field);
        if (step.isNegative() || step.isZero() || step.getNano() != 0 || DAY_SECONDS % step.getSeconds() != 0) {
            throw new IllegalArgumentException(field + " must be a positive whole number of seconds that divides 24 h evenly"
                    + " (such as PT5M, PT30M or PT1H), was " + step);
        }
        return step.getSeconds();
    }

    /**
     * How many steps of {@code stepSeconds} make {@code length}; fails naming {@code field} unless it is a
     * positive whole multiple of the step.
     */
    public static int requireMultiple(Duration length, long stepSeconds, String field) {
        Objects.requireNonNull(length, field);
        if (length.isNegative() || length.isZero() || length.getNano() != 0 || length.getSeconds() % stepSeconds != 0) {
            throw new IllegalArgumentException(field + " must be a positive whole multiple of the step "
                    + Duration.ofSeconds(stepSeconds) + ", was " + length);
        }
        long count = length.getSeconds() / stepSeconds;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(field + " must be at most " + (Integer.MAX_VALUE - 8) + " steps of "
                    + Duration.ofSeconds(stepSeconds) + ", was " + length);
        }
        return (int) count;
    }

    /** Fails unless {@code steps >= 1}. */
    public static void requireSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, was " + steps);
        }
    }

    /** Whether {@code value} is a valid intensity: finite and >= 0. */
    public static boolean isIntensity(double value) {
        return value >= 0 && !Double.isInfinite(value);
    }
}
