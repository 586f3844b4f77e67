package io.heliostat.solver.constraints.justifications;

/** Users would see an RTT above the workload's SLO. */
public record LatencySloExceeded(String replica, String cluster, int rttMs, int sloMs) implements Explanation {

    @Override
    public String reason() {
        return "cluster " + cluster + " is " + rttMs + " ms from the users, over the " + sloMs + " ms SLO";
    }
}
