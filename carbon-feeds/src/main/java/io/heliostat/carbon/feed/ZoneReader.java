package io.heliostat.carbon.feed;

import java.time.Instant;
import java.util.List;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.ZoneSignals;

/**
 * How one provider reads one zone: the part of a provider's feed that knows its endpoints and bodies. The routes around
 * it ({@link ProviderRoutes}) poll, pace, retry, break the circuit and keep the last good value.
 */
public interface ZoneReader {

    /**
     * Checks at start-up that this provider can read the zone where it is configured; fails with a message naming
     * what it takes instead (a provider without postcodes, a cloud region it cannot place).
     */
    void check(ZoneSubscription zone);

    /**
     * The zone's signals as of {@code now}: the current value and what forecast the provider gives (possibly none).
     * Signals are named by {@link ZoneSubscription#zone()}, fetched at {@code now}, and of this provider as source.
     */
    ZoneSignals read(ZoneSubscription zone, Instant now) throws ProviderException;

    /**
     * The zone's actual values before {@code now}, oldest first, as far back as the provider's history reaches: what
     * seeds the zone's history (see {@link SignalKeeper#seed}) so that its forecast from history and its daily profile
     * need no day of polls. The current interval's value may be among them. Signals are named, fetched and sourced as
     * {@link #read}'s. None where the provider keeps no actual values of the zone.
     */
    default List<CarbonSignal> history(ZoneSubscription zone, Instant now) throws ProviderException {
        return List.of();
    }
}
