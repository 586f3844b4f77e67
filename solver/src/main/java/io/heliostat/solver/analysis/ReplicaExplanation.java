package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * Why a replica is where it is: the placement and every constraint match that concerns it.
 *
 * @param placement     empty when the replica is not placed
 * @param pinned        true when the policy pins it to where it runs now (the solver does not move it)
 * @param scored        false when it has a node but no start slot, so that no constraint sees it
 * @param contributions matches naming the replica, the load of its node in a slot it runs, its node being
 *                      on, or its workload's spread; costliest first. Shared ones ({@link Contribution#scope()}
 *                      other than {@link Scope#REPLICA}) are listed at their full cost
 */
public record ReplicaExplanation(String replica, Optional<Placement> placement, boolean pinned, boolean scored,
                                 List<Contribution> contributions) {

    public ReplicaExplanation {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(placement, "placement");
        contributions = List.copyOf(contributions);
    }

    /** The sum of the replica's own costs (scope {@link Scope#REPLICA}). */
    public HardMediumSoftScore ownScore() {
        return contributions.stream()
                .filter(contribution -> contribution.scope() == Scope.REPLICA)
                .map(Contribution::score)
                .reduce(HardMediumSoftScore.ZERO, HardMediumSoftScore::add);
    }

    /** One line per contribution, for people. */
    public List<String> sentences() {
        return contributions.stream()
                .map(contribution -> contribution.scope() == Scope.REPLICA ? contribution.sentence()
                        : contribution.sentence() + " [shared: " + contribution.scope().name().toLowerCase(java.util.Locale.ROOT) + "]")
                .toList();
    }
}
