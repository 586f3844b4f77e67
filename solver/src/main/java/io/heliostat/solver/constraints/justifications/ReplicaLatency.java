package io.heliostat.solver.constraints.justifications;

/** The RTT a replica's users see. */
public record ReplicaLatency(String replica, String cluster, int rttMs) implements Explanation {

    @Override
    public String reason() {
        return replica + " is " + rttMs + " ms from its users in " + cluster;
    }
}
