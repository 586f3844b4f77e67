package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.forecast.internal.Steps;

/**
 * The recent actual intensities (g CO2e/kWh) of one zone, evenly stepped and bounded: what a forecaster
 * fits on when the zone's provider gives no forecast. It keeps the last {@code retention} of intervals
 * (14 days by default) in a ring, so memory stays fixed however long the feed runs.
 *
 * <p>Appending: the first sample sets the grid; every later sample must start a whole number of steps
 * after it. A sample for the interval after the last one is appended. A sample for the last interval or
 * an earlier one (a duplicate, or late) is ignored: the first value for an interval stands. Missing
 * intervals before a sample, up to {@code maxFilledGap} of them (a day by default), are filled with the
 * value one day earlier at the same time of day (the seasonal value), or with the last value when the
 * history holds less than a day; they are marked as filled, and the {@link #dailyProfile daily profile}
 * leaves them out. With a fill of at most a day, no filled value copies another value filled in the
 * same gap. A longer gap clears the history and starts afresh from the sample,
 * because a forecaster fitted on days of invented values would report a fit it does not have.
 *
 * <p>Thread-safe: a feed appends while the controller forecasts from {@link #series()} snapshots.
 */
public final class ZoneHistory {

    /** Default retention: two weeks, enough for two weeks of daily profile and a Holt-Winters fit. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    /** Default longest gap filled rather than restarting: one day. */
    public static final Duration DEFAULT_MAX_FILLED_GAP = Duration.ofDays(1);

    private final String zone;
    private final long stepSeconds;
    private final int capacity;
    private final int maxFilledGapSteps;
    private final int stepsPerDay;
    private final double[] ring;
    private final boolean[] filled;
    private int head;
    private int size;
    private int filledCount;
    private Instant first;

    /**
     * @param zone the zone whose history this is
     * @param step the interval of each sample; must divide a day (such as PT5M, PT30M, PT1H)
     * @param retention how much history to keep: a positive multiple of the step
     * @param maxFilledGap the longest run of missing intervals to fill; zero or a multiple of the step
     */
    public ZoneHistory(String zone, Duration step, Duration retention, Duration maxFilledGap) {
        Objects.requireNonNull(zone, "zone");
        if (zone.isBlank()) {
            throw new IllegalArgumentException("zone must not be blank");
        }
        this.zone = zone;
        this.stepSeconds = Steps.requireDailyStep(step, "step");
        this.capacity = Steps.requireMultiple(retention, stepSeconds, "retention");
        Objects.requireNonNull(maxFilledGap, "maxFilledGap");
        this.maxFilledGapSteps = maxFilledGap.isZero() ? 0 : Steps.requireMultiple(maxFilledGap, stepSeconds, "maxFilledGap");
        this.stepsPerDay = (int) (Steps.DAY_SECONDS / stepSeconds);
        this.ring = new double[capacity];
        this.filled = new boolean[capacity];
    }

    /** A history keeping {@link #DEFAULT_RETENTION} and filling gaps up to {@link #DEFAULT_MAX_FILLED_GAP}. */
    public static ZoneHistory of(String zone, Duration step) {
        return new ZoneHistory(zone, step, DEFAULT_RETENTION, DEFAULT_MAX_FILLED_GAP);
    }

    /**
     * Appends the actual value of the interval starting at {@code start} (see the class comment for
     * duplicates, late samples and gaps).
     *
     * @throws IllegalArgumentException if the value is not a finite number >= 0, or {@code start} is later
     *                                  than the last sample but not a whole number of steps after it
     */
    public synchronized AppendOutcome append(Instant start, double gramsPerKwh) {
        Objects.requireNonNull(start, "start");
        if (!Steps.isIntensity(gramsPerKwh)) {
            throw new IllegalArgumentException("zone " + zone + ": gramsPerKwh must be a finite number >= 0, was " + gramsPerKwh);
        }
        if (size == 0) {
            first = start;
            push(gramsPerKwh, false);
            return AppendOutcome.APPENDED;
        }
        Instant last = startOfIndex(size - 1);
        Duration after = Duration.between(last, start);
        if (after.isNegative() || after.isZero()) {
            return AppendOutcome.IGNORED_NOT_LATER;
        }
        if (after.getNano() != 0 || after.getSeconds() % stepSeconds != 0) {
            throw new IllegalArgumentException("zone " + zone + ": start must be a whole number of steps of " + step()
                    + " after the last sample's " + last + ", was " + start);
        }
        long missing = after.getSeconds() / stepSeconds - 1;
        if (missing > maxFilledGapSteps) {
            clear();
            first = start;
            push(gramsPerKwh, false);
            return AppendOutcome.RESTARTED;
        }
        for (long i = 0; i < missing; i++) {
            // The value one day before the interval being filled, which sits at index size once pushed.
            push(size >= stepsPerDay ? get(size - stepsPerDay) : get(size - 1), true);
        }
        push(gramsPerKwh, false);
        return missing > 0 ? AppendOutcome.FILLED_GAP : AppendOutcome.APPENDED;
    }

    /**
     * Appends an actual signal of this zone whose interval is one step long.
     *
     * @throws IllegalArgumentException if the signal is of another zone, a forecast, or not one step long
     */
    public AppendOutcome append(CarbonSignal signal) {
        Objects.requireNonNull(signal, "signal");
        if (!signal.zone().equals(zone)) {
            throw new IllegalArgumentException("signal must be of zone " + zone + ", was of zone " + signal.zone());
        }
        if (!(signal.basis() instanceof SignalBasis.Actual)) {
            throw new IllegalArgumentException("zone " + zone + ": signal must be an actual value, was " + signal.basis());
        }
        Duration length = Duration.between(signal.start(), signal.end());
        if (length.getSeconds() != stepSeconds || length.getNano() != 0) {
            throw new IllegalArgumentException("zone " + zone + ": signal must cover one step of " + step() + ", covered "
                    + length + " from " + signal.start());
        }
        return append(signal.start(), signal.gramsPerKwh());
    }

    private void push(double value, boolean isFilled) {
        int slot;
        if (size < capacity) {
            slot = (head + size) % capacity;
            size++;
        } else {
            slot = head;
            if (filled[slot]) {
                filledCount--;
            }
            head = (head + 1) % capacity;
            first = first.plusSeconds(stepSeconds);
        }
        ring[slot] = value;
        filled[slot] = isFilled;
        if (isFilled) {
            filledCount++;
        }
    }

    private double get(int index) {
        return ring[(head + index) % capacity];
    }

    private Instant startOfIndex(int index) {
        return first.plusSeconds(stepSeconds * index);
    }

    /** Forgets every sample. */
    public synchronized void clear() {
        head = 0;
        size = 0;
        filledCount = 0;
        first = null;
        Arrays.fill(filled, false);
    }

    /**
     * A snapshot of the history as a gap-free series (filled intervals included), for forecasting.
     *
     * @throws IllegalStateException if the history is empty
     */
    public synchronized IntensitySeries series() {
        if (size == 0) {
            throw new IllegalStateException("history of zone " + zone + " is empty");
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = get(i);
        }
        return IntensitySeries.of(first, step(), values);
    }

    /**
     * The zone's typical value by time of day: at each time of day, the median of the actual (not filled)
     * samples among the last {@code days} days of history (fewer if the history is shorter).
     *
     * @throws IllegalArgumentException if {@code days < 1}
     */
    public synchronized DailyProfile dailyProfile(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1, was " + days);
        }
        double[] medians = new double[stepsPerDay];
        int[] counts = new int[stepsPerDay];
        if (size == 0) {
            return new DailyProfile(Instant.EPOCH, stepSeconds, days, medians, counts);
        }
        int from = (int) Math.max(0, size - (long) days * stepsPerDay);
        double[] samples = new double[days];
        for (int slot = 0; slot < stepsPerDay; slot++) {
            int count = 0;
            // Indexes congruent to the slot; slot 0 is the time of day of the first sample.
            int start = from + Math.floorMod(slot - from, stepsPerDay);
            for (int i = start; i < size; i += stepsPerDay) {
                if (!filled[(head + i) % capacity]) {
                    samples[count++] = get(i);
                }
            }
            counts[slot] = count;
            if (count > 0) {
                Arrays.sort(samples, 0, count);
                medians[slot] = count % 2 == 1 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2;
            }
        }
        return new DailyProfile(first, stepSeconds, days, medians, counts);
    }

    /**
     * The value expected at {@code at} from the {@link #dailyProfile daily profile} of the last {@code days}
     * days, or empty if those days hold no actual sample at that time of day.
     */
    public OptionalDouble expectedAt(Instant at, int days) {
        return dailyProfile(days).valueAt(at);
    }

    public String zone() {
        return zone;
    }

    public Duration step() {
        return Duration.ofSeconds(stepSeconds);
    }

    /** The most samples kept: retention / step. */
    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    /** How many of the kept intervals were filled rather than reported. */
    public synchronized int filledCount() {
        return filledCount;
    }

    /** Whether the kept interval {@code index} (0 is the oldest) was filled rather than reported. */
    public synchronized boolean isFilled(int index) {
        Objects.checkIndex(index, size);
        return filled[(head + index) % capacity];
    }

    /** The start of the oldest kept interval, or empty if the history is empty. */
    public synchronized Optional<Instant> start() {
        return Optional.ofNullable(first);
    }

    /** The end of the newest kept interval (where a forecast starts), or empty if the history is empty. */
    public synchronized Optional<Instant> end() {
        return size == 0 ? Optional.empty() : Optional.of(startOfIndex(size));
    }

    @Override
    public synchronized String toString() {
        return "ZoneHistory[zone " + zone + ", " + size + "/" + capacity + " intervals of " + step()
                + (size == 0 ? "" : " from " + first) + ", " + filledCount + " filled]";
    }
}
