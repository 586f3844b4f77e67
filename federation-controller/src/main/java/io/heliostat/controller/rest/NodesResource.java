package io.heliostat.controller.rest;

import java.util.List;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.ReportIntake;

/** {@code /api/v1/nodes}: telemetry in, node state out. */
public final class NodesResource {

    /** Reports per batch: a gateway's devices, or a few thousand reports a member applies in milliseconds. */
    public static final int MAX_BATCH = 5000;

    private final NodeRegistry registry;
    private final ReportIntake intake;
    private final JsonBodies bodies;
    private final boolean httpReports;

    /** @param httpReports whether reports may come over HTTP ({@code heliostat.telemetry.transports} names http) */
    public NodesResource(NodeRegistry registry, ReportIntake intake, JsonBodies bodies, boolean httpReports) {
        this.registry = registry;
        this.intake = intake;
        this.bodies = bodies;
        this.httpReports = httpReports;
    }

    /**
     * {@code POST /nodes/{id}/reports}: 202 with what became of the report; a duplicate or late report is
     * acknowledged too (the agent must not resend it) and says so.
     */
    public ApiResponse report(String nodeId, byte[] body) {
        requireHttpReports();
        NodeReport report = bodies.read(body, NodeReport.class, "node report");
        if (!report.nodeId().equals(nodeId)) {
            throw ApiProblem.invalid("node report is for another node",
                    List.of(new FieldError("nodeId", "must be the node of the path (" + nodeId + "), was '" + report.nodeId() + "'")));
        }
        return ApiResponse.accepted(intake.accept(report));
    }

    /**
     * {@code POST /reports}: reports of many nodes in one request, as a gateway that speaks for its devices or
     * a bridge from another transport sends them. All or none: one bad report rejects the batch.
     */
    public ApiResponse reports(byte[] body) {
        requireHttpReports();
        List<NodeReport> reports = bodies.readAll(body, NodeReport.class, "node report batch", MAX_BATCH);
        return ApiResponse.accepted(intake.acceptAll(reports));
    }

    /** A controller that takes telemetry from Hono only has no HTTP report endpoints. */
    private void requireHttpReports() {
        if (!httpReports) {
            throw ApiProblem.notFound("this controller takes node reports from Eclipse Hono only (heliostat.telemetry.transports)");
        }
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
