package io.heliostat.controller.node;

import java.util.List;
import java.util.function.Consumer;

import io.heliostat.api.node.NodeReport;

/**
 * Where every valid node report enters the fleet's state, whichever transport carried it (HTTP or Hono telemetry):
 * the registry applies it by its sequence number, and a node seen for the first time, or back after it was Suspect or
 * Lost, may take new work again unless it is draining.
 */
public final class ReportIntake {

    private final NodeRegistry registry;
    private final Consumer<String> nodeReady;

    /** @param nodeReady told the id of a node that has just become Ready (placement opens it to new work) */
    public ReportIntake(NodeRegistry registry, Consumer<String> nodeReady) {
        this.registry = registry;
        this.nodeReady = nodeReady;
    }

    /** Applies one report; a duplicate or late one changes nothing but a counter, and says so. */
    public ReportOutcome accept(NodeReport report) {
        return takeUp(report, registry.accept(report));
    }

    /** Applies the reports of many nodes at once; the outcomes are in the reports' order ({@link NodeRegistry#acceptAll}). */
    public List<ReportOutcome> acceptAll(List<NodeReport> reports) {
        List<ReportOutcome> outcomes = registry.acceptAll(reports);
        for (int i = 0; i < reports.size(); i++) {
            takeUp(reports.get(i), outcomes.get(i));
        }
        return outcomes;
    }

    /** A node seen for the first time, or back after it was Suspect or Lost, may take new work again, unless it is draining. */
    private ReportOutcome takeUp(NodeReport report, ReportOutcome outcome) {
        if (outcome.accepted() && outcome.previousStatus() != NodeStatus.READY
                && registry.node(report.nodeId()).filter(NodeState::open).isPresent()) {
            nodeReady.accept(report.nodeId());
        }
        return outcome;
    }
}
