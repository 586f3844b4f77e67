package io.heliostat.api.placement;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a placement request: one decision per replica.
 *
 * @param policy         the policy whose weights decided it
 * @param decisionMicros how long the decision took
 * @param gramsPerHour   the CO2e per hour its replicas add, summed
 */
public record PlacementDecision(String workload, String tenant, String policy, Instant decidedAt, long decisionMicros,
                                double gramsPerHour, List<ReplicaDecision> replicas) {

    public PlacementDecision {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public boolean fullyPlaced() {
        return replicas.stream().allMatch(ReplicaDecision::placed);
    }
}
