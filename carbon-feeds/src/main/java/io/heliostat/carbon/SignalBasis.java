package io.heliostat.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether an intensity is the grid's actual value for its interval or a forecast of it. A forecast
 * carries the instant it was issued, because a forecast ages: one issued an hour ago for the next
 * hour is worth more than one issued a day ago, and a controller comparing them must be able to tell.
 */
public sealed interface SignalBasis {

    SignalBasis ACTUAL = new Actual();

    /** The value the provider reports for an interval that has begun (it may still be an estimate of the provider's). */
    record Actual() implements SignalBasis {
    }

    /** A value expected for an interval, as issued at {@code issuedAt}. */
    record Forecast(Instant issuedAt) implements SignalBasis {
        public Forecast {
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }
}
