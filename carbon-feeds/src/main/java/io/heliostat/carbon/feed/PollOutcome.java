package io.heliostat.carbon.feed;

/** How one poll of one zone ended, as metrics count it. */
public enum PollOutcome {
    /** Signals read and delivered. */
    OK,
    /** The provider failed (5xx, a timeout, a refused connection) on every try. */
    UNAVAILABLE,
    /** The provider said 429, or its Retry-After had not yet passed, so the request was not sent. */
    RATE_LIMITED,
    /** The provider refused the credentials, also after a renewal. */
    UNAUTHORIZED,
    /** The provider does not know the zone (any more). */
    UNKNOWN_ZONE,
    /** The body was not what the provider documents: truncated, fields missing, units the feed does not take. */
    REJECTED,
    /** The provider's circuit breaker is open: the request was not sent. */
    CIRCUIT_OPEN,
    /** Anything else: a defect of the feed, logged with its stack trace. */
    FAILED
}
