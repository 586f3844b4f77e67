package io.heliostat.solver.domain;

import java.util.Objects;

/**
 * Spread a workload's replicas over at least {@code minDomains} failure domains, like a Kubernetes
 * topologySpreadConstraint with minDomains.
 */
public record Spread(TopologyKey topologyKey, int minDomains) {

    public Spread {
        Objects.requireNonNull(topologyKey, "topologyKey");
        if (minDomains < 1) {
            throw new IllegalArgumentException("minDomains must be >= 1, was " + minDomains);
        }
    }
}
