package io.heliostat.carbon.feed;

import java.time.Duration;

/**
 * What the feeds tell about their polls, for metrics: the controller counts them per provider and outcome and times
 * them, and may count the requests for a zone's history. Called on route threads; must not block.
 */
public interface PollObserver {

    /** One zone's poll ended with {@code outcome} after {@code took}, retries included. */
    void polled(String provider, String zone, PollOutcome outcome, Duration took);

    /**
     * One zone's history was asked for, to seed it, and the request ended with {@code outcome}; a failure leaves the
     * zone's poll as it was. Counted apart from polls, so that the polls' outcomes stay one per poll.
     */
    default void historyAsked(String provider, String zone, PollOutcome outcome) {
    }
}
