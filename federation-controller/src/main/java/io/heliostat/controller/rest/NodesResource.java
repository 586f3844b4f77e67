package io.heliostat.controller.rest;

import java.util.List;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.ReportOutcome;

/** {@code /api/v1/nodes}: telemetry in, node state out. */
public final class NodesResource {

    /** Reports per batch: a gateway's devices, or a few thousand reports a member applies in milliseconds. */
    public static final int MAX_BATCH = 5000;

    private final NodeRegistry registry;
    private final JsonBodies bodies;

    public NodesResource(NodeRegistry registry, JsonBodies bodies) {
        this.registry = registry;
        this.bodies = bodies;
    }

    /**
     * {@code POST /nodes/{id}/reports}: 202 with what became of the report; a duplicate or late report is
     * acknowledged too (the agent must not resend it) and says so.
     */
    public ApiResponse report(String nodeId, byte[] body) {
        NodeReport report = bodies.read(body, NodeReport.class, "node report");
        if (!report.nodeId().equals(nodeId)) {
            throw ApiProblem.invalid("node report is for another node",
                    List.of(new FieldError("nodeId", "must be the node of the path (" + nodeId + "), was '" + report.nodeId() + "'")));
        }
        ReportOutcome outcome = registry.accept(report);
        return ApiResponse.accepted(outcome);
    }

    /**
     * {@code POST /reports}: reports of many nodes in one request, as a gateway that speaks for its devices or
     * a bridge from another transport sends them. All or none: one bad report rejects the batch.
     */
    public ApiResponse reports(byte[] body) {
        List<NodeReport> reports = bodies.readAll(body, NodeReport.class, "node report batch", MAX_BATCH);
        return ApiResponse.accepted(registry.acceptAll(reports));
    }

    /** {@code GET /nodes}. */
    public ApiResponse list() {
        return ApiResponse.ok(registry.nodes().stream().map(NodeView::of).toList());
    }

    /** {@code GET /nodes/{id}}. */
    public ApiResponse get(String nodeId) {
        NodeState state = registry.node(nodeId).orElseThrow(() -> ApiProblem.notFound("no node '" + nodeId + "' has reported"));
        return ApiResponse.ok(NodeView.of(state));
    }
}
