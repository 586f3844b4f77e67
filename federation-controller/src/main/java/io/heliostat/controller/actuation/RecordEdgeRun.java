package io.heliostat.controller.actuation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * Replaces what a workload's entry of {@code edge-runs} says of one node, on the member that owns the entry, only if
 * it still names the command {@code expectedCommandId} (null: no run on that node), and only if no leader with a newer
 * epoch decided it: of two leaders acting on the same state at once, one writes and the other learns that it must not
 * issue. {@code run} null removes the node's run; an entry left with none is removed. Returns whether it was written.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record RecordEdgeRun(String nodeId, String expectedCommandId, EdgeRun run, long epoch)
        implements EntryProcessor<String, EdgeRuns, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, EdgeRuns> entry) {
        EdgeRuns runs = entry.getValue() == null ? new EdgeRuns(entry.getKey(), List.of()) : entry.getValue();
        EdgeRun current = runs.on(nodeId).orElse(null);
        if (!Objects.equals(current == null ? null : current.commandId(), expectedCommandId)
                || (current != null && current.epoch() > epoch)) {
            return false;
        }
        EdgeRuns changed = runs.with(nodeId, run);
        if (changed.runs().isEmpty()) {
            entry.setValue(null);
        } else {
            entry.setValue(changed);
        }
        return true;
    }
}
