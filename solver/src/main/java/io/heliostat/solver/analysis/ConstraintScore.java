package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * One constraint's part of a plan's score.
 *
 * @param weight  the constraint's weight (a match's score is its match weight times this): for a node's costs (idle
 *                carbon and energy, headroom) the plan's price per unit; for a replica's own, 1 soft, as each match is
 *                priced in µg at its workload's policy; 0 for a constraint no policy prices
 * @param matches every match, costliest first
 */
public record ConstraintScore(String constraint, HardMediumSoftScore weight, HardMediumSoftScore score,
                              List<Contribution> matches) {

    public ConstraintScore {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(score, "score");
        matches = List.copyOf(matches);
    }

    public int matchCount() {
        return matches.size();
    }

    /** The soft part in grams of CO2e-equivalent; negative, as it is a penalty. */
    public double grams() {
        return Costs.grams(score);
    }

    /** "Operational carbon: 3 matches, 42.5 g CO2e-eq". */
    public String summary() {
        return constraint + ": " + matches.size() + (matches.size() == 1 ? " match, " : " matches, ") + Costs.cost(score);
    }
}
