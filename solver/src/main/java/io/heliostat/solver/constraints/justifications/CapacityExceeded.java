package io.heliostat.solver.constraints.justifications;

/** A node's resource is over-committed in a slot: {@code used} of {@code capacity}, in {@code unit}. */
public record CapacityExceeded(String node, int slot, String resource, long used, long capacity, String unit) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " slot " + slot + ": " + resource + " " + used + " " + unit + " requested of " + capacity + " " + unit;
    }
}
