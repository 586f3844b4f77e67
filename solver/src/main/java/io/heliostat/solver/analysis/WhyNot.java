package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;

/** What each replica of a workload would get on a given node, each moved alone, in replica order. */
public record WhyNot(String workload, String node, List<Alternative> replicas) {

    public WhyNot {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(node, "node");
        replicas = List.copyOf(replicas);
    }
}
