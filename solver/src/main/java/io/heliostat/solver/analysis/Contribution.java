package io.heliostat.solver.analysis;

import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.justifications.Explanation;

/**
 * One constraint match: the rule, its justification and what it adds to the score (the match weight times
 * the constraint's weight, priced by the plan's policy or, for a replica's own cost, its workload's; negative,
 * as every constraint penalises).
 */
public record Contribution(String constraint, Explanation explanation, HardMediumSoftScore score) {

    public Contribution {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(score, "score");
    }

    /** The justification's sentence, such as "node gw-3 had untolerated taint [edge=true:NoSchedule]". */
    public String reason() {
        return explanation.reason();
    }

    /** Whose cost this is: the replica's own, or shared with the node's or the workload's other replicas. */
    public Scope scope() {
        return Attribution.scope(explanation);
    }

    /** The soft part in grams of CO2e-equivalent; negative, as it is a penalty. */
    public double grams() {
        return Costs.grams(score);
    }

    /** The cost in the units people read, such as "1 hard" or "9.6 g CO2e-eq". */
    public String cost() {
        return Costs.cost(score);
    }

    /** The reason with its rule and cost: "node n2 had untolerated taint [...] (Untolerated taint: 1 hard)". */
    public String sentence() {
        return reason() + " (" + constraint + ": " + cost() + ")";
    }
}
