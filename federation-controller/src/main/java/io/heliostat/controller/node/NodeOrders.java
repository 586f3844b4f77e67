package io.heliostat.controller.node;

import java.time.Duration;
import java.util.Optional;

/**
 * What operators told a node through its commands, which the controller's view of the node follows.
 *
 * @param draining            closed to new work (a drain, until an undrain), however Ready it is
 * @param drainSequence       the sequence of the drain or undrain command in force: a command applied late
 *                            (two issued at once on two members) does not undo a newer one
 * @param reportIntervalMillis how often the node's agent said it reports now (it acknowledged a set-report-interval);
 *                            0 for the fleet's usual interval, {@code heliostat.nodes.report-interval}
 */
public record NodeOrders(boolean draining, long drainSequence, long reportIntervalMillis) {

    public static final NodeOrders NONE = new NodeOrders(false, 0, 0);

    /** Taken as draining when first seen with it: its agent was drained before this controller knew the node. */
    static NodeOrders firstSeen(boolean drainingTaint) {
        return drainingTaint ? new NodeOrders(true, 0, 0) : NONE;
    }

    NodeOrders drain(boolean drain, long sequence) {
        return sequence <= drainSequence ? this : new NodeOrders(drain, sequence, reportIntervalMillis);
    }

    NodeOrders reportEvery(long intervalMillis) {
        return new NodeOrders(draining, drainSequence, intervalMillis);
    }

    public Optional<Duration> reportInterval() {
        return reportIntervalMillis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(reportIntervalMillis));
    }

    /**
     * A grace period of the fleet's ({@code heliostat.nodes.suspect-after} or {@code lost-after}) for this node: as
     * many of its beats as the fleet's usual beats, and never shorter, so that a node told to report every minute
     * is not Suspect after 20 s, and one told to report every second is not found Lost sooner than any other.
     */
    long grace(long fleetGraceMillis, long fleetIntervalMillis) {
        if (reportIntervalMillis <= fleetIntervalMillis) {
            return fleetGraceMillis;
        }
        return Math.round(fleetGraceMillis * ((double) reportIntervalMillis / fleetIntervalMillis));
    }
}
