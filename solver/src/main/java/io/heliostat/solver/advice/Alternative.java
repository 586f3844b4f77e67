package io.heliostat.solver.advice;

import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.analysis.Placement;

/**
 * Another node for a replica, and why the advice is not there.
 *
 * @param placement         where and when the replica would run there (at its best start there, for a job)
 * @param feasible          false when a hard rule rules the node out
 * @param scoreDifference   the live plan's score with the replica there minus with it where advised (where it
 *                          stays unplaced, when no node takes it), by the same constraints; negative is worse
 * @param extraGramsPerHour its {@link ReplicaDecision#gramsPerHour()} there minus where advised
 * @param reason            for people: the hard rule it breaks, or which soft constraints cost how many grams more
 */
public record Alternative(Placement placement, boolean feasible, HardMediumSoftScore scoreDifference,
                          double extraGramsPerHour, String reason) {

    public Alternative {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(scoreDifference, "scoreDifference");
        Objects.requireNonNull(reason, "reason");
    }
}
