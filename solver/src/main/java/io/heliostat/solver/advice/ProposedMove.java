package io.heliostat.solver.advice;

import java.util.Objects;

/**
 * One replica move a re-optimisation proposes: from the node it runs on (or from waiting, unplaced) to another
 * node or start slot. Nodes and clusters are named by id, so that a move found on a snapshot can be matched
 * against the live plan as it is later.
 *
 * @param fromNode               where it runs now; null while it waits for room
 * @param fromSlot               its start slot now; null while it waits for room
 * @param carbonMilligramsBefore CO2e of its run's incremental draw where it is now (0 while it waits)
 * @param carbonMilligramsAfter  the same where it would go
 */
public record ProposedMove(String workload, int replica, String fromNode, String fromCluster, Integer fromSlot,
                          String toNode, String toCluster, int toSlot, long carbonMilligramsBefore, long carbonMilligramsAfter) {

    public ProposedMove {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(toNode, "toNode");
        Objects.requireNonNull(toCluster, "toCluster");
    }

    /** The replica's planning id, as {@code Replica#getId()} spells it. */
    public String replicaId() {
        return workload + "#" + replica;
    }

    /** Whether the replica waits for room now: the move places it rather than moves it. */
    public boolean placesWaitingReplica() {
        return fromNode == null;
    }

    /** The cluster whose churn the move counts against: the one it leaves, or for a waiting replica, the one it joins. */
    public String churnedCluster() {
        return fromCluster == null ? toCluster : fromCluster;
    }

    /** Operational CO2e the move saves over the replica's run; negative when it costs more (to make room, say). */
    public long carbonMilligramsSaved() {
        return placesWaitingReplica() ? 0 : carbonMilligramsBefore - carbonMilligramsAfter;
    }
}
