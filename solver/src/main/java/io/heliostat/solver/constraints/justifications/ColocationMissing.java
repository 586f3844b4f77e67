package io.heliostat.solver.constraints.justifications;

/** No replica of a required neighbour runs in the replica's latency domain. */
public record ColocationMissing(String replica, String dependency, String latencyDomain) implements Explanation {

    @Override
    public String reason() {
        return replica + " needs " + dependency + " in latency domain " + latencyDomain + ", which has none";
    }
}
