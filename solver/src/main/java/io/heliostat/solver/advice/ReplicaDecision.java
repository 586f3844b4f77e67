package io.heliostat.solver.advice;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.analysis.Placement;

/**
 * The advice for one replica.
 *
 * @param placement    where and when it should run; empty when no node can take it under every hard rule
 * @param gramsPerHour the CO2e per hour it adds once it starts: its incremental draw, plus the node's idle draw
 *                     when it switches the node on, at its zone's intensity in its start slot (now, for a
 *                     service); 0 when it is not placed
 * @param rttMs        the RTT from its users to the cluster; 0 without users or when it is not placed
 * @param score        the live plan's score with this replica, and the replicas before it, where advised
 * @param alternatives other nodes and why the advice is not there: the best that keep every hard rule, best
 *                     first, then nodes a hard rule rules out that would have cost less, cheapest first
 */
public record ReplicaDecision(String replica, Optional<Placement> placement, double gramsPerHour, int rttMs,
                              HardMediumSoftScore score, List<Alternative> alternatives) {

    public ReplicaDecision {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(score, "score");
        alternatives = List.copyOf(alternatives);
    }
}
