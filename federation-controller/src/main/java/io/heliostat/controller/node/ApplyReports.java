package io.heliostat.controller.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

import io.heliostat.api.node.NodeReport;

/**
 * Applies the reports a batch holds for one node, in the order given (sequence order), as {@link ApplyReport}
 * applies one: a batch that carries several reports of a node keeps them all, in one operation.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record ApplyReports(List<NodeReport> reports, long receivedAtMillis)
        implements EntryProcessor<String, NodeState, List<ReportOutcome>> {

    @Override
    public List<ReportOutcome> process(Map.Entry<String, NodeState> entry) {
        List<ReportOutcome> outcomes = new ArrayList<>(reports.size());
        for (NodeReport report : reports) {
            outcomes.add(ApplyReport.apply(entry, report, receivedAtMillis));
        }
        return outcomes;
    }
}
