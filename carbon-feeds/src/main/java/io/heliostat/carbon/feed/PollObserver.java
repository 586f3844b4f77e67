package io.heliostat.carbon.feed;

import java.time.Duration;

/**
 * What the feeds tell about their polls, for metrics: the controller counts them per provider and outcome and times
 * them. Called on route threads; must not block.
 */
public interface PollObserver {

    /** One zone's poll ended with {@code outcome} after {@code took}, retries included. */
    void polled(String provider, String zone, PollOutcome outcome, Duration took);
}
