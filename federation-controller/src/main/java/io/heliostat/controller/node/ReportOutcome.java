package io.heliostat.controller.node;

/**
 * What became of one report.
 *
 * @param missed           reports skipped between the previous accepted one and this one
 * @param previousStatus   the node's status before the report; null for a node seen the first time
 */
public record ReportOutcome(Kind kind, long sequence, long missed, NodeStatus previousStatus) {

    public enum Kind {
        ACCEPTED,
        /** Same sequence as the last accepted report: a retry after a lost acknowledgement. */
        DUPLICATE,
        /** Older than the last accepted report: it arrived late and says nothing new. */
        OUT_OF_ORDER
    }

    public boolean accepted() {
        return kind == Kind.ACCEPTED;
    }
}
