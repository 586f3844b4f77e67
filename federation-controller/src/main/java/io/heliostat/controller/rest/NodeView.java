package io.heliostat.controller.rest;

import java.time.Duration;
import java.time.Instant;

import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;

/**
 * A node as {@code GET /nodes} shows it: its status, how old its last report is, and the report.
 *
 * @param draining       closed to new work by a drain command, until an undrain
 * @param reportInterval how often its agent said it reports after a set-report-interval command (its ageing follows);
 *                       null for the fleet's usual interval
 */
public record NodeView(String nodeId, String cluster, NodeStatus status, boolean draining, Duration reportInterval,
                       Instant statusSince, long heartbeatAgeMillis, long lastSequence, long missedReports, long ignoredReports,
                       NodeReport lastReport) {

    static NodeView of(NodeState state) {
        long now = System.currentTimeMillis();
        return new NodeView(state.nodeId(), state.cluster(), state.status(), state.orders().draining(),
                state.orders().reportInterval().orElse(null), Instant.ofEpochMilli(state.statusSinceMillis()), state.ageMillis(now),
                state.lastSequence(), state.missedReports(), state.ignoredReports(), state.report());
    }
}
