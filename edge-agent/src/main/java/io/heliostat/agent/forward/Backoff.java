package io.heliostat.agent.forward;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between attempts to reach the controller: doubling from the initial delay up to the maximum, each wait drawn
 * at random from its upper half so that gateways cut off together do not come back in step.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** Counts a failed attempt and returns how long to wait before the next. */
    public Duration failed() {
        long ceiling = initialMillis << Math.min(failures, 30);
        failures++;
        long delay = Math.min(maxMillis, ceiling <= 0 ? maxMillis : ceiling);
        return Duration.ofMillis(delay / 2 + random.nextLong(delay / 2 + 1));
    }

    public void succeeded() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
