package io.heliostat.controller.placement;

import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.WorkloadSpec;

/**
 * An accepted workload and where its replicas run: one entry per workload in the shared {@code workloads} map.
 *
 * @param movedByRound    the last re-optimisation round that moved one of its replicas; null if none has
 * @param movedUnderEpoch that round's fencing epoch (0 if none): a leader with an older epoch may not move it
 */
public record PlacedWorkload(WorkloadSpec spec, PlacementDecision decision, String movedByRound, long movedUnderEpoch) {

    /** A workload just placed, never moved. */
    public PlacedWorkload(WorkloadSpec spec, PlacementDecision decision) {
        this(spec, decision, null, 0);
    }
}
