package io.heliostat.api.placement;

import java.time.Instant;
import java.util.List;

/**
 * Where one replica goes.
 *
 * @param node          empty (null in JSON) when no node takes it; {@code reason} then says why
 * @param gramsPerHour  CO2e per hour it is expected to add: its power share (and the node's idle power when
 *                      it switches the node on) times its zone's current intensity
 * @param latencyMs     round-trip time from its users; null without a user location
 * @param startAt       when a batch job should start; null for services
 * @param alternatives  the best other nodes, each with the reason it lost
 */
public record ReplicaDecision(String replica, String node, String cluster, String zone, double gramsPerHour,
                              Integer latencyMs, Instant startAt, String reason, List<AlternativeNode> alternatives) {

    public ReplicaDecision {
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    public boolean placed() {
        return node != null;
    }
}
