package io.heliostat.carbon.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneSignals;

/**
 * A provider's last good signals per zone. Fresh signals pass on to the sink; when a zone's poll fails, its last good
 * value goes on serving until it is older than the provider's max age, and from then on is passed on marked stale at
 * every failed poll, so that placement sees how old it is and falls back by policy. A zone never read has nothing to
 * serve: it keeps whatever the controller had (the fleet file's intensities).
 *
 * <p>One failure streak logs once at WARN (and its end once at INFO), not at every poll.
 */
public final class SignalKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(SignalKeeper.class);

    private final String provider;
    private final Duration maxAge;
    private final SignalSink sink;
    private final Clock clock;
    private final Map<String, ZoneSignals> lastGood = new ConcurrentHashMap<>();
    private final Map<String, PollOutcome> failing = new ConcurrentHashMap<>();

    public SignalKeeper(String provider, Duration maxAge, SignalSink sink, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A zone's fresh signals: remembered and passed on. */
    public void fresh(ZoneSignals signals) {
        lastGood.put(signals.zone(), signals);
        PollOutcome ended = failing.remove(signals.zone());
        if (ended != null) {
            LOG.info("{}: zone {} read again after {}", provider, signals.zone(), ended);
        }
        sink.accept(signals);
    }

    /**
     * A zone's poll failed: its last good signals serve on, passed on again marked stale once they are older than the
     * max age.
     */
    public void failed(String zone, PollOutcome outcome, String reason) {
        if (failing.put(zone, outcome) != outcome) {
            LOG.warn("{}: zone {} not read ({}): {}; its last good value serves until it is {} old, then it is stale",
                    provider, zone, outcome, reason, maxAge);
        }
        ZoneSignals last = lastGood.get(zone);
        Instant now = clock.instant();
        if (last != null && Duration.between(last.current().fetchedAt(), now).compareTo(maxAge) > 0) {
            sink.accept(staleAt(last, now));
        }
    }

    public Optional<ZoneSignals> last(String zone) {
        return Optional.ofNullable(lastGood.get(zone));
    }

    /** The zones whose last poll failed, with how. */
    public Map<String, PollOutcome> failing() {
        return Map.copyOf(failing);
    }

    private static ZoneSignals staleAt(ZoneSignals last, Instant now) {
        CarbonSignal current = last.current();
        CarbonSignal stale = new CarbonSignal(current.zone(), current.start(), current.end(), current.gramsPerKwh(), current.kind(),
                current.basis(), current.source(), current.fetchedAt(), true);
        return new ZoneSignals(last.zone(), now, stale, last.forecast(), last.dailyProfile());
    }
}
