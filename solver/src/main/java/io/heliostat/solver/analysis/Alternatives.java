package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * The best other nodes for a replica, each with the reasons it lost (or won).
 *
 * @param current       where it runs now; empty when it is not placed
 * @param currentScore  the plan's score as it is
 * @param nodesCompared how many other nodes were scored
 * @param ranked        the best first; ties in score keep the fleet's node order
 */
public record Alternatives(String replica, Optional<Placement> current, HardMediumSoftScore currentScore,
                           int nodesCompared, List<Alternative> ranked) {

    public Alternatives {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(currentScore, "currentScore");
        ranked = List.copyOf(ranked);
    }
}
