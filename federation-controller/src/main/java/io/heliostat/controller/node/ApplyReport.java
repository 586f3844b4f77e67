package io.heliostat.controller.node;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

import io.heliostat.api.node.NodeReport;

/**
 * Applies a report to its node's entry where the entry lives: reports of one node are ordered by their
 * sequence number there, whichever member received them.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record ApplyReport(NodeReport report, long receivedAtMillis) implements EntryProcessor<String, NodeState, ReportOutcome> {

    @Override
    public ReportOutcome process(Map.Entry<String, NodeState> entry) {
        return apply(entry, report, receivedAtMillis);
    }

    static ReportOutcome apply(Map.Entry<String, NodeState> entry, NodeReport report, long receivedAtMillis) {
        NodeState current = entry.getValue();
        if (current == null) {
            entry.setValue(NodeState.first(report, receivedAtMillis));
            return new ReportOutcome(ReportOutcome.Kind.ACCEPTED, report.sequence(), 0, null);
        }
        if (report.sequence() <= current.lastSequence()) {
            entry.setValue(current.ignoring());
            ReportOutcome.Kind kind = report.sequence() == current.lastSequence()
                    ? ReportOutcome.Kind.DUPLICATE : ReportOutcome.Kind.OUT_OF_ORDER;
            return new ReportOutcome(kind, report.sequence(), 0, current.status());
        }
        entry.setValue(current.withReport(report, receivedAtMillis));
        return new ReportOutcome(ReportOutcome.Kind.ACCEPTED, report.sequence(), report.sequence() - current.lastSequence() - 1,
                current.status());
    }
}
