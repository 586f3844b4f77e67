package io.heliostat.controller.node;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * Opens or closes a node to new work for a drain or undrain command, on the member that owns its entry: of two
 * such commands applied in either order, the one with the higher sequence holds. Returns the node's state after
 * it (unchanged when a newer command holds), or null for a node that has not reported.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record MarkDraining(boolean draining, long commandSequence) implements EntryProcessor<String, NodeState, NodeState> {

    @Override
    public NodeState process(Map.Entry<String, NodeState> entry) {
        NodeState state = entry.getValue();
        if (state == null) {
            return null;
        }
        NodeOrders orders = state.orders().drain(draining, commandSequence);
        if (orders.equals(state.orders())) {
            return state;
        }
        NodeState changed = state.withOrders(orders);
        entry.setValue(changed);
        return changed;
    }
}
