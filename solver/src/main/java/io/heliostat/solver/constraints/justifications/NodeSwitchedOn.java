package io.heliostat.solver.constraints.justifications;

/** A node hosts work and so draws its idle power over the horizon. */
public record NodeSwitchedOn(String node, String zone, double idleWatts, double amount, String unit) implements Explanation {

    @Override
    public String reason() {
        return String.format(java.util.Locale.ROOT, "node %s is on: %.1f W idle in zone %s, %.1f %s", node, idleWatts, zone, amount, unit);
    }
}
