package io.heliostat.api.placement;

/**
 * A replica the fleet's re-optimisation wants elsewhere, and what became of it.
 *
 * @param replica      the replica's ordinal within its workload
 * @param fromNode     where it ran; null when it waited for room and the move places it
 * @param fromCluster  the cluster of {@code fromNode}
 * @param gramsSaved   CO2e its run emits less where it goes (its incremental draw over its run; switching nodes
 *                     on or off is counted in the round's figures); negative when it makes room for others
 * @param outcome      {@code applied}; {@code stale} when the replica had moved or gone by the time it was written;
 *                     {@code fenced} when a newer leader had already re-optimised the workload; or
 *                     {@code held-back} (not written this round), with the reason
 * @param reason       why it was held back; null otherwise
 */
public record ReplicaMove(String workload, int replica, String fromNode, String fromCluster, String toNode, String toCluster,
                          double gramsSaved, String outcome, String reason) {

    public static final String APPLIED = "applied";
    public static final String STALE = "stale";
    public static final String FENCED = "fenced";
    public static final String HELD_BACK = "held-back";
}
