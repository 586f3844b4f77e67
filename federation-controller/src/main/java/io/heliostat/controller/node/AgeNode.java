package io.heliostat.controller.node;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * Moves a node to the status its report age calls for, with the grace periods stretched for a node told to report
 * less often than the fleet's usual interval (see {@link NodeOrders#grace}). Only forward: a report, not a longer
 * grace, makes a node Ready again (and opens it to new work). Returns the changed state, or null (and writes
 * nothing) when the status stays: a sweep over every node then only sends and backs up the few that changed.
 *
 * @param reportIntervalMillis the fleet's usual report interval, for which the grace periods are set
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record AgeNode(long nowMillis, long suspectAfterMillis, long lostAfterMillis, long reportIntervalMillis)
        implements EntryProcessor<String, NodeState, NodeState> {

    @Override
    public NodeState process(Map.Entry<String, NodeState> entry) {
        NodeState state = entry.getValue();
        if (state == null) {
            return null;
        }
        NodeOrders orders = state.orders();
        NodeStatus status = NodeStatus.forAge(state.ageMillis(nowMillis), orders.grace(suspectAfterMillis, reportIntervalMillis),
                orders.grace(lostAfterMillis, reportIntervalMillis));
        if (status.compareTo(state.status()) <= 0) {
            return null;
        }
        NodeState changed = state.withStatus(status, nowMillis);
        entry.setValue(changed);
        return changed;
    }
}
