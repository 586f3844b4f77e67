package io.heliostat.carbon.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heliostat.carbon.ReplayClock;
import io.heliostat.carbon.ReplaySettings;
import io.heliostat.carbon.TraceSource;
import io.heliostat.carbon.ZoneSignals;

/**
 * Every configured trace on one replay clock: each delivery reads all zones at one replay instant, so
 * that the controller compares zones as of the same moment.
 */
public final class Replay {

    private final ReplayClock clock;
    private final List<TraceReplay> traces;

    private Replay(ReplayClock clock, List<TraceReplay> traces) {
        this.clock = clock;
        this.traces = traces;
    }

    /**
     * Loads the traces of {@code settings} and starts their clock at {@code wallOrigin}. Fails naming
     * {@value ReplaySettings#TRACES_KEY} when a trace cannot be read or replayed, or two traces are of one
     * zone (a zone has one current value).
     */
    public static Replay start(ReplaySettings settings, Instant wallOrigin) {
        Map<String, TraceReplay> byZone = new HashMap<>();
        List<TraceReplay> traces = settings.traces().stream().map(source -> load(source, settings)).toList();
        for (TraceReplay trace : traces) {
            TraceReplay other = byZone.putIfAbsent(trace.zone(), trace);
            if (other != null) {
                throw new IllegalArgumentException(ReplaySettings.TRACES_KEY + ": zone " + trace.zone() + " comes from both "
                        + other.traceSource() + " and " + trace.traceSource() + "; replay one trace per zone");
            }
        }
        return new Replay(new ReplayClock(wallOrigin, settings.start(), settings.speed()), traces);
    }

    private static TraceReplay load(TraceSource source, ReplaySettings settings) {
        try {
            return TraceReplay.of(source.load(), source.name(), settings.forecastHorizon());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ReplaySettings.TRACES_KEY + ": " + e.getMessage(), e);
        }
    }

    /** The replayed zones, in the order of the settings. */
    public List<String> zones() {
        return traces.stream().map(TraceReplay::zone).toList();
    }

    /** Every zone's signals at the replay instant of {@code wallInstant}, fetched at {@code wallInstant}. */
    public List<ZoneSignals> signalsAt(Instant wallInstant) {
        Instant replayInstant = clock.replayInstantAt(wallInstant);
        return traces.stream().map(trace -> trace.signalsAt(replayInstant, wallInstant)).toList();
    }
}
