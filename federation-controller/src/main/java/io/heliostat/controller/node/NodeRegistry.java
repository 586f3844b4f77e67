package io.heliostat.controller.node;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import com.hazelcast.map.IMap;

import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.ControllerSettings;

/**
 * The fleet's nodes as their reports describe them, shared by every controller member.
 */
public final class NodeRegistry {

    private final IMap<String, NodeState> nodes;
    private final Clock clock;
    private final long suspectAfterMillis;
    private final long lostAfterMillis;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder missed = new LongAdder();

    public NodeRegistry(IMap<String, NodeState> nodes, ControllerSettings settings, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
        this.suspectAfterMillis = settings.suspectAfter().toMillis();
        this.lostAfterMillis = settings.lostAfter().toMillis();
    }

    /** Applies a valid report; duplicates and late reports change nothing but a counter. */
    public ReportOutcome accept(NodeReport report) {
        ReportOutcome outcome = nodes.executeOnKey(report.nodeId(), new ApplyReport(report, clock.millis()));
        if (outcome.accepted()) {
            accepted.increment();
            missed.add(outcome.missed());
        } else {
            ignored.increment();
        }
        return outcome;
    }

    public Optional<NodeState> node(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    /** Every node, by id. */
    public List<NodeState> nodes() {
        List<NodeState> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.comparing(NodeState::nodeId));
        return all;
    }

    /**
     * Ages every node on the member that owns it and returns those whose status changed. Any member may run it;
     * the leader does, so that each change is acted on once.
     */
    public Collection<NodeState> sweep() {
        return nodes.executeOnEntries(new AgeNode(clock.millis(), suspectAfterMillis, lostAfterMillis)).values().stream()
                .filter(java.util.Objects::nonNull).toList();
    }

    public long acceptedReports() {
        return accepted.sum();
    }

    public long ignoredReports() {
        return ignored.sum();
    }

    public long missedReports() {
        return missed.sum();
    }
}
