package io.heliostat.carbon.feed;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps one provider's requests under its rate limit: requests go out evenly spaced, at most {@code requestsPerSecond},
 * with no burst after a quiet spell, because a provider counting requests over any one-second window would refuse a
 * burst that a per-second average allows. Every request takes its turn (logins and retries too, which a throttle in
 * front of each zone's poll would not count).
 */
final class RequestPacer {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    RequestPacer(double requestsPerSecond) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be a finite number > 0, was " + requestsPerSecond);
        }
        this.perNano = requestsPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.capacity = 1;
        this.tokens = 1;
        this.refilledAt = System.nanoTime();
    }

    /** Waits, if need be, until a request may go out. */
    void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            tokens -= 1;
            // A negative balance is a queue: each waiter sleeps until the token it took has been refilled.
            waitNanos = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
        long deadline = System.nanoTime() + waitNanos;
        for (long left = waitNanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
