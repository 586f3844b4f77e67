package io.heliostat.solver.domain;

import java.util.Objects;

/** Every replica of {@code dependent} needs a replica of {@code dependency} in its latency domain. */
public record ColocationRequirement(Workload dependent, Workload dependency) {

    public ColocationRequirement {
        Objects.requireNonNull(dependent, "dependent");
        Objects.requireNonNull(dependency, "dependency");
    }
}
