package io.heliostat.solver.placement;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Placements to compare a plan against, under the same hard rules: what a carbon-agnostic scheduler
 * and a naive carbon-aware one would do.
 */
public enum Baseline {
    /**
     * Carbon-agnostic, like kube-scheduler's least-allocated scoring: each replica in arrival order goes
     * to the feasible node with the most free CPU and memory; jobs start as soon as they may.
     */
    SPREAD("spread"),
    /** First fit over nodes ordered by their zone's current (first-slot) intensity; jobs start at once. */
    GREEDY_CARBON("greedy-carbon");

    private final String id;

    Baseline(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Baseline fromId(String id) {
        for (Baseline baseline : values()) {
            if (baseline.id.equals(id)) {
                return baseline;
            }
        }
        throw new IllegalArgumentException("unknown baseline '" + id + "'; allowed: "
                + Arrays.stream(values()).map(Baseline::id).collect(Collectors.joining(", ")));
    }
}
