package io.heliostat.controller.rest;

import java.time.Instant;

import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;

/** A node as {@code GET /nodes} shows it: its status, how old its last report is, and the report. */
public record NodeView(String nodeId, String cluster, NodeStatus status, Instant statusSince, long heartbeatAgeMillis,
                       long lastSequence, long missedReports, long ignoredReports, NodeReport lastReport) {

    static NodeView of(NodeState state) {
        long now = System.currentTimeMillis();
        return new NodeView(state.nodeId(), state.cluster(), state.status(), Instant.ofEpochMilli(state.statusSinceMillis()),
                state.ageMillis(now), state.lastSequence(), state.missedReports(), state.ignoredReports(), state.report());
    }
}
