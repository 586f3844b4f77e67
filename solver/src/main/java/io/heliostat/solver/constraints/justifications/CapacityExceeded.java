package io.heliostat.solver.constraints.justifications;

import java.util.List;

/**
 * A node's resource is over-committed: in each of {@code slots} its replicas request more than its
 * {@code capacity}, at most {@code peak} (in {@code unit}).
 */
public record CapacityExceeded(String node, String resource, List<Integer> slots, long peak, long capacity, String unit)
        implements Explanation {

    public CapacityExceeded {
        slots = List.copyOf(slots);
    }

    @Override
    public String reason() {
        return "node " + node + ": " + resource + " " + peak + " " + unit + " requested of " + capacity + " " + unit
                + " (over in slot" + (slots.size() == 1 ? " " : "s ") + slots + ")";
    }
}
