package io.heliostat.carbon.feed;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a provider did not give a zone's signals. The subtypes are what the feed's error handling tells apart: only
 * {@link Unavailable} is retried with back-off and counts against the provider's circuit breaker; the others would
 * fail the same way again at once.
 */
public abstract sealed class ProviderException extends Exception {

    private final String provider;
    private int status;

    ProviderException(String provider, String message, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    public String provider() {
        return provider;
    }

    /** The HTTP status the provider answered, or 0 when there was no answer (a timeout, a body that did not parse). */
    public int status() {
        return status;
    }

    /** What went wrong, without the provider's name in front: for a message of a reader's that names it already. */
    public String reason() {
        String prefix = provider + ": ";
        String message = String.valueOf(getMessage());
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** This failure, as of the HTTP status the provider answered; {@link ProviderHttp} records it. */
    ProviderException withStatus(int status) {
        this.status = status;
        return this;
    }

    public abstract PollOutcome outcome();

    /** A 5xx, a timeout or a refused connection: worth another try after a pause. */
    public static final class Unavailable extends ProviderException {
        public Unavailable(String provider, String message, Throwable cause) {
            super(provider, message, cause);
        }

        @Override
        public PollOutcome outcome() {
            return PollOutcome.UNAVAILABLE;
        }
    }

    /** 429: no request goes to the provider until {@code retryAfter} has passed. */
    public static final class RateLimited extends ProviderException {
        private final Duration retryAfter;

        public RateLimited(String provider, String message, Duration retryAfter) {
            super(provider, message, null);
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public PollOutcome outcome() {
            return PollOutcome.RATE_LIMITED;
        }
    }

    /** 401 or 403 that a renewed credential did not cure. */
    public static final class Unauthorized extends ProviderException {
        public Unauthorized(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public PollOutcome outcome() {
            return PollOutcome.UNAUTHORIZED;
        }
    }

    /** The provider does not know the zone, or no longer lists it. */
    public static final class UnknownZone extends ProviderException {
        public UnknownZone(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public PollOutcome outcome() {
            return PollOutcome.UNKNOWN_ZONE;
        }
    }

    /** A body that is not what the provider documents; nothing of it is ingested. */
    public static final class Rejected extends ProviderException {
        public Rejected(String provider, String message, Throwable cause) {
            super(provider, message, cause);
        }

        public Rejected(String provider, String message) {
            this(provider, message, null);
        }

        @Override
        public PollOutcome outcome() {
            return PollOutcome.REJECTED;
        }
    }
}
