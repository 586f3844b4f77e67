package io.heliostat.solver.constraints.justifications;

/** A node's CPU requests in a slot exceed its headroom target. */
public record HeadroomExceeded(String node, int slot, long cpuMillis, long targetMillis) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " slot " + slot + ": " + cpuMillis + " millicores requested, target " + targetMillis;
    }
}
