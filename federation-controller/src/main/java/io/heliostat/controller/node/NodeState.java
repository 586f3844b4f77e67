package io.heliostat.controller.node;

import io.heliostat.api.node.NodeReport;

/**
 * What the controllers know of a node: its last report and how fresh it is. One entry per node in the
 * {@code nodes} map, changed only by entry processors on the member that owns it, so that concurrent reports and
 * the age sweep never overwrite each other.
 *
 * @param lastSequence     the highest report sequence accepted
 * @param receivedAtMillis when that report arrived, by the receiving member's clock
 * @param statusSinceMillis when the status last changed
 * @param missedReports    sequence numbers skipped over (reports that never arrived), since the node was first seen
 * @param ignoredReports   duplicates and reports that arrived after a later one
 * @param orders           what operators told the node through commands: draining, its report interval
 */
public record NodeState(String nodeId, String cluster, NodeStatus status, long lastSequence, long receivedAtMillis,
                        long statusSinceMillis, long missedReports, long ignoredReports, NodeReport report, NodeOrders orders) {

    /** The taint a drained agent puts on its reports (see {@code NodeCommand.Drain}). */
    public static final String DRAINING_TAINT = "heliostat.io/draining";

    public NodeState {
        orders = orders == null ? NodeOrders.NONE : orders;
    }

    NodeState withReport(NodeReport newer, long receivedAt) {
        long skipped = newer.sequence() - lastSequence - 1;
        return new NodeState(nodeId, newer.cluster(), NodeStatus.READY, newer.sequence(), receivedAt,
                status == NodeStatus.READY ? statusSinceMillis : receivedAt, missedReports + skipped, ignoredReports, newer, orders);
    }

    NodeState ignoring() {
        return new NodeState(nodeId, cluster, status, lastSequence, receivedAtMillis, statusSinceMillis, missedReports,
                ignoredReports + 1, report, orders);
    }

    NodeState withStatus(NodeStatus newStatus, long now) {
        return new NodeState(nodeId, cluster, newStatus, lastSequence, receivedAtMillis, now, missedReports, ignoredReports,
                report, orders);
    }

    NodeState withOrders(NodeOrders newOrders) {
        return new NodeState(nodeId, cluster, status, lastSequence, receivedAtMillis, statusSinceMillis, missedReports,
                ignoredReports, report, newOrders);
    }

    static NodeState first(NodeReport report, long receivedAt) {
        boolean drainingTaint = report.taints().stream().anyMatch(taint -> DRAINING_TAINT.equals(taint.key()));
        return new NodeState(report.nodeId(), report.cluster(), NodeStatus.READY, report.sequence(), receivedAt, receivedAt,
                0, 0, report, NodeOrders.firstSeen(drainingTaint));
    }

    public long ageMillis(long now) {
        return Math.max(0, now - receivedAtMillis);
    }

    /** Ready and not draining: new work may go there. */
    public boolean open() {
        return status == NodeStatus.READY && !orders.draining();
    }
}
