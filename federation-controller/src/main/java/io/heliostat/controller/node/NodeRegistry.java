package io.heliostat.controller.node;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

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
    private final long reportIntervalMillis;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder missed = new LongAdder();

    public NodeRegistry(IMap<String, NodeState> nodes, ControllerSettings settings, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
        this.suspectAfterMillis = settings.suspectAfter().toMillis();
        this.lostAfterMillis = settings.lostAfter().toMillis();
        this.reportIntervalMillis = settings.reportInterval().toMillis();
    }

    /** Applies a valid report; duplicates and late reports change nothing but a counter. */
    public ReportOutcome accept(NodeReport report) {
        return count(nodes.executeOnKey(report.nodeId(), new ApplyReport(report, clock.millis())));
    }

    /**
     * Applies valid reports of many nodes (a gateway's or the Hono bridge's batch), all at once on the members that
     * own them, one operation per node; the outcomes are in the reports' order. Reports of one node are applied in
     * sequence order so that a batch that holds several of them keeps them all.
     */
    public List<ReportOutcome> acceptAll(List<NodeReport> reports) {
        long now = clock.millis();
        // Per node, the indexes of its reports in sequence order (a stable sort: of two reports with the same
        // number, the first in the batch is the one accepted).
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            byNode.computeIfAbsent(reports.get(i).nodeId(), node -> new ArrayList<>(1)).add(i);
        }
        List<CompletableFuture<List<ReportOutcome>>> applied = new ArrayList<>(byNode.size());
        byNode.forEach((nodeId, indexes) -> {
            indexes.sort(Comparator.comparingLong(index -> reports.get(index).sequence()));
            applied.add(nodes.submitToKey(nodeId, new ApplyReports(indexes.stream().map(reports::get).toList(), now))
                    .toCompletableFuture());
        });
        ReportOutcome[] outcomes = new ReportOutcome[reports.size()];
        int node = 0;
        for (List<Integer> indexes : byNode.values()) {
            List<ReportOutcome> ofNode = applied.get(node++).join();
            for (int k = 0; k < indexes.size(); k++) {
                outcomes[indexes.get(k)] = count(ofNode.get(k));
            }
        }
        return List.of(outcomes);
    }

    private ReportOutcome count(ReportOutcome outcome) {
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

    /** Whether the node has reported: the nodes the controller knows, and takes commands for. */
    public boolean knows(String nodeId) {
        return nodes.containsKey(nodeId);
    }

    /** The ids of the nodes open to new work now: Ready and not draining. */
    public Set<String> openNodes() {
        return nodes.values().stream().filter(NodeState::open).map(NodeState::nodeId).collect(Collectors.toSet());
    }

    /**
     * Closes the node to new work ({@code draining}) or opens it again, for the drain or undrain command with
     * {@code commandSequence}; the node's state after it, empty for a node that has not reported.
     */
    public Optional<NodeState> markDraining(String nodeId, boolean draining, long commandSequence) {
        return Optional.ofNullable(nodes.executeOnKey(nodeId, new MarkDraining(draining, commandSequence)));
    }

    /** The node's agent reports every {@code interval} now: its ageing follows. */
    public void expectReportsEvery(String nodeId, Duration interval) {
        nodes.executeOnKey(nodeId, new ExpectReportsEvery(interval.toMillis()));
    }

    /**
     * Ages every node on the member that owns it and returns those whose status changed. Any member may run it;
     * the leader does, so that each change is acted on once.
     */
    public Collection<NodeState> sweep() {
        return nodes.executeOnEntries(new AgeNode(clock.millis(), suspectAfterMillis, lostAfterMillis, reportIntervalMillis))
                .values().stream().filter(Objects::nonNull).toList();
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
