package io.heliostat.controller.node;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * The node's agent acknowledged a new report interval: its missed-beat ageing follows it from now on (see
 * {@link NodeOrders#grace}). Returns the changed state, or null for a node that has not reported.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record ExpectReportsEvery(long intervalMillis) implements EntryProcessor<String, NodeState, NodeState> {

    @Override
    public NodeState process(Map.Entry<String, NodeState> entry) {
        NodeState state = entry.getValue();
        if (state == null) {
            return null;
        }
        NodeState changed = state.withOrders(state.orders().reportEvery(intervalMillis));
        entry.setValue(changed);
        return changed;
    }
}
