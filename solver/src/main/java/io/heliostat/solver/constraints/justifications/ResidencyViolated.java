package io.heliostat.solver.constraints.justifications;

import java.util.Set;
import java.util.TreeSet;

/** The cluster lies outside every jurisdiction the workload's data may reside in. */
public record ResidencyViolated(String replica, String cluster, Set<String> clusterResidency, Set<String> allowed) implements Explanation {

    @Override
    public String reason() {
        // Sorted: the same breach reads the same in every run, whatever order the sets iterate in.
        return "cluster " + cluster + " is in " + new TreeSet<>(clusterResidency) + ", outside the allowed " + new TreeSet<>(allowed);
    }
}
