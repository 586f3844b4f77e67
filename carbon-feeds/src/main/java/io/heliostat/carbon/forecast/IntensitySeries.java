package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import io.heliostat.carbon.forecast.internal.Steps;

/**
 * An immutable, evenly stepped series of one zone's intensities (g CO2e/kWh) without gaps: value
 * {@code i} holds for the interval starting at {@code start + i * step}. It is what forecasters read; a
 * {@link ZoneHistory} hands out one as a snapshot, with its gaps already filled.
 *
 * <p>The step must divide a day, so that the daily season is a whole number of steps.
 */
public final class IntensitySeries {

    private final Instant start;
    private final long stepSeconds;
    private final double[] values;

    private IntensitySeries(Instant start, long stepSeconds, double[] values) {
        this.start = start;
        this.stepSeconds = stepSeconds;
        this.values = values;
    }

    /**
     * A series of {@code values} (copied), the first one holding from {@code start}.
     *
     * @throws IllegalArgumentException unless the step divides a day, there is at least one value, and
     *                                  every value is finite and >= 0
     */
    public static IntensitySeries of(Instant start, Duration step, double... values) {
        Objects.requireNonNull(start, "start");
        long stepSeconds = Steps.requireDailyStep(step, "step");
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one intensity, was empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Steps.isIntensity(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be a finite intensity >= 0 g/kWh, was " + values[i]);
            }
        }
        return new IntensitySeries(start, stepSeconds, values.clone());
    }

    /** The start of the first value's interval. */
    public Instant start() {
        return start;
    }

    public Duration step() {
        return Duration.ofSeconds(stepSeconds);
    }

    /** The end of the last value's interval: where a forecast from this series begins. */
    public Instant end() {
        return startOf(values.length);
    }

    /** The start of value {@code index}'s interval ({@code index == size()} gives {@link #end()}). */
    public Instant startOf(int index) {
        return start.plusSeconds(stepSeconds * index);
    }

    public int size() {
        return values.length;
    }

    /** How many steps make a day: the season length. */
    public int stepsPerDay() {
        return (int) (Steps.DAY_SECONDS / stepSeconds);
    }

    public double value(int index) {
        Objects.checkIndex(index, values.length);
        return values[index];
    }

    /** The last value. */
    public double last() {
        return values[values.length - 1];
    }

    /** A copy of the values, oldest first. */
    public double[] values() {
        return values.clone();
    }

    /** The last {@code count} values (all of them if there are fewer), as a series. */
    public IntensitySeries last(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        if (count >= values.length) {
            return this;
        }
        int from = values.length - count;
        return new IntensitySeries(startOf(from), stepSeconds, Arrays.copyOfRange(values, from, values.length));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntensitySeries that && start.equals(that.start) && stepSeconds == that.stepSeconds
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, stepSeconds, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "IntensitySeries[" + values.length + " values of " + step() + " from " + start + "]";
    }
}
