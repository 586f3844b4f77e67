package io.heliostat.solver.placement;

import java.time.Duration;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/** A new best plan found while solving. */
public record Progress(Duration elapsed, HardMediumSoftScore bestScore) {

    /** Hard rules all kept (replicas may still be unplaced: that is the medium level). */
    public boolean feasible() {
        return bestScore.hardScore() == 0;
    }
}
