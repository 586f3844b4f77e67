package io.heliostat.solver.constraints.justifications;

/** The node has PreferNoSchedule taints the workload does not tolerate. */
public record DiscouragedTaints(String replica, String node, java.util.List<String> taints) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " prefers not to schedule " + replica + ": taint " + taints;
    }
}
