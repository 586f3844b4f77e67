package io.heliostat.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Maps wall time to replay time: at {@code wallOrigin} the replay stands at {@code replayOrigin}, and
 * from there it runs {@code speed} times as fast as the wall clock (1 is real time; 60 plays one trace
 * hour per wall minute). A value with no clock of its own, so that its arithmetic is tested without
 * waiting; the replay route reads its injected {@link java.time.Clock} and asks this for the replay
 * instant.
 *
 * <p>Replay time is millisecond-precise, which is finer than any trace's step.
 *
 * @param wallOrigin the wall-clock instant the replay started
 * @param replayOrigin the replay instant it started at
 * @param speed replay seconds per wall second, > 0
 */
public record ReplayClock(Instant wallOrigin, Instant replayOrigin, double speed) {

    public ReplayClock {
        Objects.requireNonNull(wallOrigin, "wallOrigin");
        Objects.requireNonNull(replayOrigin, "replayOrigin");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number > 0, was " + speed);
        }
    }

    /**
     * The replay instant at {@code wallInstant}. A wall instant before the origin (a clock set back)
     * gives a replay instant before the replay origin, by the same scale.
     */
    public Instant replayInstantAt(Instant wallInstant) {
        long wallMillis = Duration.between(wallOrigin, wallInstant).toMillis();
        return replayOrigin.plusMillis(Math.round(wallMillis * speed));
    }
}
