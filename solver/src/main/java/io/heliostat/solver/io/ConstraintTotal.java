package io.heliostat.solver.io;

import java.util.Objects;

/**
 * One constraint's share of a plan's score, as a score analysis gives it.
 *
 * @param constraint the constraint's name, such as {@code Operational carbon}
 * @param score      its total score, written as Timefold writes a score: {@code 0hard/0medium/-1234soft}
 * @param matches    how many matches it has (replicas, node-slots, pairs...)
 */
public record ConstraintTotal(String constraint, String score, long matches) {

    public ConstraintTotal {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(score, "score");
        if (matches < 0) {
            throw new IllegalArgumentException("matches must be >= 0, was " + matches);
        }
    }
}
