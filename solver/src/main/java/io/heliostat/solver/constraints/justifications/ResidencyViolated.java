package io.heliostat.solver.constraints.justifications;

import java.util.Set;

/** The cluster lies outside every jurisdiction the workload's data may reside in. */
public record ResidencyViolated(String replica, String cluster, Set<String> clusterResidency, Set<String> allowed) implements Explanation {

    @Override
    public String reason() {
        return "cluster " + cluster + " is in " + clusterResidency + ", outside the allowed " + allowed;
    }
}
