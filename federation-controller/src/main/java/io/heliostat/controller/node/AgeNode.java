package io.heliostat.controller.node;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * Moves a node to the status its report age calls for. Returns the changed state, or null (and writes nothing)
 * when the status stays: a sweep over every node then only sends and backs up the few that changed.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record AgeNode(long nowMillis, long suspectAfterMillis, long lostAfterMillis)
        implements EntryProcessor<String, NodeState, NodeState> {

    @Override
    public NodeState process(Map.Entry<String, NodeState> entry) {
        NodeState state = entry.getValue();
        if (state == null) {
            return null;
        }
        NodeStatus status = NodeStatus.forAge(state.ageMillis(nowMillis), suspectAfterMillis, lostAfterMillis);
        if (status == state.status()) {
            return null;
        }
        NodeState changed = state.withStatus(status, nowMillis);
        entry.setValue(changed);
        return changed;
    }
}
