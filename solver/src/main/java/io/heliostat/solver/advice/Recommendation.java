package io.heliostat.solver.advice;

import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * Where a {@link PlacementAdvisor} would put each replica of a workload against its live plan, decided in
 * replica order so that spread, anti-affinity and capacity see the replicas before.
 *
 * @param score the live plan's score with every replica where advised
 */
public record Recommendation(String workload, List<ReplicaDecision> replicas, HardMediumSoftScore score) {

    public Recommendation {
        Objects.requireNonNull(workload, "workload");
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(score, "score");
    }

    /** True when every replica has a node that keeps every hard rule. */
    public boolean placesAll() {
        return replicas.stream().allMatch(replica -> replica.placement().isPresent());
    }
}
