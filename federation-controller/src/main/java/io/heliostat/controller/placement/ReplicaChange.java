package io.heliostat.controller.placement;

import io.heliostat.api.placement.ReplicaDecision;

/**
 * A move of one replica as written to the shared map: applied only while the replica is still on
 * {@code expectedNode} (null: still waiting for room), so that a move is never made twice or over a newer one.
 */
public record ReplicaChange(int replica, String expectedNode, ReplicaDecision moved) {
}
