package io.heliostat.solver.constraints.justifications;

/** No node could take the replica without breaking a hard rule. */
public record ReplicaUnplaced(String replica) implements Explanation {

    @Override
    public String reason() {
        return replica + " is not placed";
    }
}
