package io.heliostat.solver.constraints.justifications;

/** The operational carbon of a replica's incremental draw over its run. */
public record ReplicaCarbon(String replica, String node, String zone, double watts, double grams) implements Explanation {

    @Override
    public String reason() {
        return String.format(java.util.Locale.ROOT, "%s adds %.1f W on %s in zone %s: %.1f g CO2e", replica, watts, node, zone, grams);
    }
}
