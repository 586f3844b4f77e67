package io.heliostat.solver.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The planning window: {@code slots} consecutive slots of {@code slotLength} from {@code start}. */
public record Horizon(Instant start, Duration slotLength, int slots) {

    public static final Duration DEFAULT_SLOT_LENGTH = Duration.ofHours(1);
    public static final int DEFAULT_SLOTS = 24;
    public static final int MAX_SLOTS = 24 * 14;

    public Horizon {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(slotLength, "slotLength");
        if (slotLength.isNegative() || slotLength.isZero() || slotLength.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("slotLength must be between 1 s and 1 day, was " + slotLength);
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ", was " + slots);
        }
    }

    /** Rejects a workload whose deadline lies beyond the horizon. */
    public void requireCovers(Workload workload) {
        if (workload.deadlineSlot() > slots) {
            throw new IllegalArgumentException("workload " + workload.id() + ": deadlineSlot " + workload.deadlineSlot()
                    + " is beyond the horizon of " + slots + " slots");
        }
    }

    public double slotHours() {
        return slotLength.toMillis() / 3_600_000.0;
    }

    public Instant slotStart(int slot) {
        return start.plus(slotLength.multipliedBy(slot));
    }
}
