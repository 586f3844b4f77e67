package io.heliostat.solver.constraints.justifications;

/** A replica moves away from the node it runs on now. */
public record ReplicaMoved(String replica, String fromNode, String toNode) implements Explanation {

    @Override
    public String reason() {
        return replica + " moves from " + fromNode + " to " + toNode;
    }
}
