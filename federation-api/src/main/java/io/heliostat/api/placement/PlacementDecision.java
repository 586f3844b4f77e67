package io.heliostat.api.placement;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a placement request: one decision per replica.
 *
 * @param policy     the policy that weighed it
 * @param signalKind average or marginal: which carbon signal the grams are in
 * @param baselineGramsPerHour what a carbon-agnostic placement (least-allocated spread) would emit per hour
 */
public record PlacementDecision(String workload, String tenant, String policy, String signalKind, Instant decidedAt,
                                long decisionMicros, double gramsPerHour, double baselineGramsPerHour,
                                List<ReplicaDecision> replicas) {

    public PlacementDecision {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public boolean fullyPlaced() {
        return replicas.stream().allMatch(ReplicaDecision::placed);
    }
}
