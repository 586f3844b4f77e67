package io.heliostat.agent.collect;

/**
 * The node's power as configured: idle and full-load draw for the linear model used where there are no RAPL
 * counters, and a fixed budget (0 for none: a battery's state decides, if there is one).
 */
public record PowerProfile(double idleWatts, double maxWatts, double budgetWatts) {

    /** The modelled draw at a CPU utilisation between 0 and 1. */
    public double modelledWatts(double utilisation) {
        return idleWatts + (maxWatts - idleWatts) * Math.max(0, Math.min(1, utilisation));
    }
}
