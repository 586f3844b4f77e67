package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * A plan's score split by constraint, as the solver computes it under the plan's policy and its workloads' own.
 *
 * @param constraints      every constraint the policies weigh (a weight of 0 switches one off), costliest first
 * @param unscoredReplicas replicas that have a node but no start slot: Timefold treats them as not yet
 *                         initialised and no constraint sees them, so their costs are missing from the score
 */
public record ScoreBreakdown(HardMediumSoftScore score, List<ConstraintScore> constraints, List<String> unscoredReplicas) {

    public ScoreBreakdown {
        Objects.requireNonNull(score, "score");
        constraints = List.copyOf(constraints);
        unscoredReplicas = List.copyOf(unscoredReplicas);
    }

    public boolean feasible() {
        return score.isFeasible();
    }

    /** The soft part in grams of CO2e-equivalent; negative, as it is a penalty. */
    public double grams() {
        return Costs.grams(score);
    }

    public Optional<ConstraintScore> constraint(String name) {
        return constraints.stream().filter(constraint -> constraint.constraint().equals(name)).findFirst();
    }
}
