package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A zone's typical intensity by time of day (UTC), taken from its recent history: the median of the
 * actual (not gap-filled) samples of the last days at each time of day. It is the fallback for a zone
 * whose live value has gone stale: a solar-driven zone at 13:00 is better described by its recent
 * 13:00 values than by a value from last night. The median keeps one odd day from moving it.
 *
 * <p>Times of day are counted in whole steps from the history's own sample times, so a value is
 * looked up for the interval that holds the instant asked about. UTC, not local time: a daylight-saving
 * change shifts demand-driven shapes by one hour until the profile's days have passed.
 */
public final class DailyProfile {

    private final Instant anchor;
    private final long stepSeconds;
    private final int days;
    private final double[] medians;
    private final int[] counts;

    DailyProfile(Instant anchor, long stepSeconds, int days, double[] medians, int[] counts) {
        this.anchor = anchor;
        this.stepSeconds = stepSeconds;
        this.days = days;
        this.medians = medians;
        this.counts = counts;
    }

    /**
     * The median intensity of the interval holding {@code at}'s time of day, or empty when the days taken
     * hold no actual sample at that time of day.
     */
    public OptionalDouble valueAt(Instant at) {
        int slot = slotOf(at);
        return counts[slot] == 0 ? OptionalDouble.empty() : OptionalDouble.of(medians[slot]);
    }

    /** How many actual samples the value at {@code at}'s time of day is the median of. */
    public int samplesAt(Instant at) {
        return counts[slotOf(at)];
    }

    private int slotOf(Instant at) {
        Objects.requireNonNull(at, "at");
        Duration since = Duration.between(anchor, at);
        long index = Math.floorDiv(since.getSeconds(), stepSeconds);
        return (int) Math.floorMod(index, (long) medians.length);
    }

    /** The time-of-day intervals of a day (24 h / step). */
    public int stepsPerDay() {
        return medians.length;
    }

    public Duration step() {
        return Duration.ofSeconds(stepSeconds);
    }

    /** How many of the last days the profile was asked to take. */
    public int days() {
        return days;
    }

    @Override
    public String toString() {
        return "DailyProfile[" + medians.length + " intervals of " + step() + ", last " + days + " day(s)]";
    }
}
