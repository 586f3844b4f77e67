package io.heliostat.solver.constraints.justifications;

import java.util.List;

/** A node's CPU requests exceed its headroom target in {@code slots}, at most {@code peakCpuMillis}. */
public record HeadroomExceeded(String node, List<Integer> slots, long peakCpuMillis, long targetMillis) implements Explanation {

    public HeadroomExceeded {
        slots = List.copyOf(slots);
    }

    @Override
    public String reason() {
        return "node " + node + ": up to " + peakCpuMillis + " millicores requested, above the headroom target of "
                + targetMillis + " in slot" + (slots.size() == 1 ? " " : "s ") + slots;
    }
}
