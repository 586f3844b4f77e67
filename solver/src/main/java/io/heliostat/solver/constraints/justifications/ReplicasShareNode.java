package io.heliostat.solver.constraints.justifications;

/** Two replicas of an anti-affine workload share a node. */
public record ReplicasShareNode(String replica, String otherReplica, String node) implements Explanation {

    @Override
    public String reason() {
        return replica + " and " + otherReplica + " both run on node " + node + " but must not share one";
    }
}
