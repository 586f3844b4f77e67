package io.heliostat.solver.constraints.justifications;

/** The energy of a replica's incremental draw over its run. */
public record ReplicaEnergy(String replica, String node, double wattHours) implements Explanation {

    @Override
    public String reason() {
        return String.format(java.util.Locale.ROOT, "%s uses %.1f Wh on %s", replica, wattHours, node);
    }
}
