package io.heliostat.controller.node;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
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
        return count(nodes.executeOnKey(report.nodeId(), new ApplyReport(report, clock.millis())));
    }

    /**
     * Applies valid reports of many nodes (a gateway's or the Hono bridge's batch), all at once on the members
     * that own them; the outcomes are in the reports' order. Reports of one node are applied in sequence order
     * so that a batch that holds several of them keeps them all.
     */
    public List<ReportOutcome> acceptAll(List<NodeReport> reports) {
        long now = clock.millis();
        List<NodeReport> ordered = new ArrayList<>(reports);
        ordered.sort(Comparator.comparing(NodeReport::nodeId).thenComparingLong(NodeReport::sequence));
        Map<NodeReport, CompletableFuture<ReportOutcome>> outcomes = new IdentityHashMap<>();
        CompletableFuture<ReportOutcome> previous = null;
        NodeReport previousReport = null;
        for (NodeReport report : ordered) {
            ApplyReport apply = new ApplyReport(report, now);
            CompletableFuture<ReportOutcome> outcome = previousReport != null && previousReport.nodeId().equals(report.nodeId())
                    ? previous.thenCompose(ignoredOutcome -> nodes.submitToKey(report.nodeId(), apply))
                    : nodes.submitToKey(report.nodeId(), apply).toCompletableFuture();
            outcomes.put(report, outcome);
            previous = outcome;
            previousReport = report;
        }
        List<ReportOutcome> results = new ArrayList<>(reports.size());
        for (NodeReport report : reports) {
            results.add(count(outcomes.get(report).join()));
        }
        return results;
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

    /** The ids of the nodes that are Ready now. */
    public Set<String> readyNodes() {
        return nodes.values().stream().filter(node -> node.status() == NodeStatus.READY).map(NodeState::nodeId)
                .collect(Collectors.toSet());
    }

    /**
     * Ages every node on the member that owns it and returns those whose status changed. Any member may run it;
     * the leader does, so that each change is acted on once.
     */
    public Collection<NodeState> sweep() {
        return nodes.executeOnEntries(new AgeNode(clock.millis(), suspectAfterMillis, lostAfterMillis)).values().stream()
                .filter(Objects::nonNull).toList();
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
