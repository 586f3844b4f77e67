package io.heliostat.solver.advice;

import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.io.PlanTotals;

/**
 * The moves a re-optimisation makes now and those it holds back, with what the plan adds up to before and after
 * the moves made (migration charged).
 */
public record Reoptimisation(List<ProposedMove> moves, List<HeldBackMove> heldBack, HardMediumSoftScore scoreBefore,
                             HardMediumSoftScore scoreAfter, PlanTotals totalsBefore, PlanTotals totalsAfter) {

    public Reoptimisation {
        moves = List.copyOf(moves);
        heldBack = List.copyOf(heldBack);
        Objects.requireNonNull(scoreBefore, "scoreBefore");
        Objects.requireNonNull(scoreAfter, "scoreAfter");
        Objects.requireNonNull(totalsBefore, "totalsBefore");
        Objects.requireNonNull(totalsAfter, "totalsAfter");
    }

    /** CO2e over the horizon the moves save, operational and idle, in grams; negative if they cost more. */
    public double carbonGramsSaved() {
        return totalsBefore.carbonGrams() - totalsAfter.carbonGrams();
    }
}
