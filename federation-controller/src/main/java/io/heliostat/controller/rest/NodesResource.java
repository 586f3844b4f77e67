package io.heliostat.controller.rest;

import java.util.List;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.controller.node.ReportOutcome;
import io.heliostat.controller.placement.PlacementService;

/** {@code /api/v1/nodes}: telemetry in, node state out. */
public final class NodesResource {

    /** Reports per batch: a gateway's devices, or a few thousand reports a member applies in milliseconds. */
    public static final int MAX_BATCH = 5000;

    private final NodeRegistry registry;
    private final PlacementService placements;
    private final JsonBodies bodies;

    public NodesResource(NodeRegistry registry, PlacementService placements, JsonBodies bodies) {
        this.registry = registry;
        this.placements = placements;
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
        return ApiResponse.accepted(takeUp(report, registry.accept(report)));
    }

    /**
     * {@code POST /reports}: reports of many nodes in one request, as a gateway that speaks for its devices or
     * a bridge from another transport sends them. All or none: one bad report rejects the batch.
     */
    public ApiResponse reports(byte[] body) {
        List<NodeReport> reports = bodies.readAll(body, NodeReport.class, "node report batch", MAX_BATCH);
        List<ReportOutcome> outcomes = registry.acceptAll(reports);
        for (int i = 0; i < reports.size(); i++) {
            takeUp(reports.get(i), outcomes.get(i));
        }
        return ApiResponse.accepted(outcomes);
    }

    /** A node seen for the first time, or back after it was Suspect or Lost, may take new work again, unless it is draining. */
    private ReportOutcome takeUp(NodeReport report, ReportOutcome outcome) {
        if (outcome.accepted() && outcome.previousStatus() != NodeStatus.READY
                && registry.node(report.nodeId()).filter(NodeState::open).isPresent()) {
            placements.nodeReady(report.nodeId());
        }
        return outcome;
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
