package io.heliostat.solver.domain;

import java.util.Objects;

/**
 * Where a workload's users are, with the round-trip time from there to every cluster of the fleet,
 * indexed by {@link Cluster#index()}.
 */
public final class UserLocation {

    private final String id;
    private final int[] rttMsByCluster;

    public UserLocation(String id, int[] rttMsByCluster) {
        this.id = Objects.requireNonNull(id, "id");
        this.rttMsByCluster = rttMsByCluster.clone();
    }

    public String id() {
        return id;
    }

    /** False for a cluster it has no RTT to, as for a location of another fleet or one measured before the cluster joined. */
    public boolean reaches(Cluster cluster) {
        return cluster.index() < rttMsByCluster.length;
    }

    public int rttMs(Cluster cluster) {
        return rttMsByCluster[cluster.index()];
    }

    @Override
    public String toString() {
        return id;
    }
}
