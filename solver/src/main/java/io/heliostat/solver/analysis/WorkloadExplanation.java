package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;

/** Why each replica of a workload runs where it does, in replica order. */
public record WorkloadExplanation(String workload, List<ReplicaExplanation> replicas) {

    public WorkloadExplanation {
        Objects.requireNonNull(workload, "workload");
        replicas = List.copyOf(replicas);
    }
}
