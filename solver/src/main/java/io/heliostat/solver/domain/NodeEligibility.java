package io.heliostat.solver.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes a workload's static rules allow (residency, latency SLO, node selector, forbidding taints,
 * sandbox), decided once per cluster and per kind of node: fleets are built from a few node types, so a
 * 5,000-node fleet has a few hundred kinds. The placers try only these nodes.
 */
public final class NodeEligibility {

    /** Cluster → static shape → nodes alike in power profile and CPU size. */
    private final Map<Cluster, Map<NodeShape, List<List<Node>>>> groupsByCluster = new LinkedHashMap<>();

    public NodeEligibility(List<Node> nodes) {
        Map<Cluster, Map<NodeShape, Map<List<Object>, List<Node>>>> byKind = new LinkedHashMap<>();
        for (Node node : nodes) {
            byKind.computeIfAbsent(node.cluster(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(NodeShape.of(node), s -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(node.power(), node.capacity().cpuMillis()), k -> new ArrayList<>())
                    .add(node);
        }
        byKind.forEach((cluster, shapes) -> shapes.forEach((shape, kinds) ->
                groupsByCluster.computeIfAbsent(cluster, c -> new LinkedHashMap<>())
                        .put(shape, kinds.values().stream().map(List::copyOf).toList())));
    }

    /** The groups of nodes the static rules allow; the nodes of a group are alike in all but their load. */
    public List<List<Node>> groupsFor(Workload workload) {
        List<List<Node>> groups = new ArrayList<>();
        for (var clusterEntry : groupsByCluster.entrySet()) {
            if (allows(workload, clusterEntry.getKey())) {
                for (var shapeEntry : clusterEntry.getValue().entrySet()) {
                    if (allowsShape(workload, shapeEntry.getValue().getFirst().getFirst())) {
                        groups.addAll(shapeEntry.getValue());
                    }
                }
            }
        }
        return groups;
    }

    /** What {@link #forEachShape} hands over: the groups of one shape in one cluster, and whether the rules allow them. */
    @FunctionalInterface
    public interface ShapeVisitor {
        void visit(List<List<Node>> groups, boolean allowed);
    }

    /**
     * Every group of the fleet, a shape of a cluster at a time, with the static rules' verdict on it: the rules
     * look at nothing else, so each is checked once per cluster and shape.
     */
    public void forEachShape(Workload workload, ShapeVisitor visitor) {
        for (var clusterEntry : groupsByCluster.entrySet()) {
            boolean clusterAllowed = allows(workload, clusterEntry.getKey());
            for (List<List<Node>> groups : clusterEntry.getValue().values()) {
                visitor.visit(groups, clusterAllowed && allowsShape(workload, groups.getFirst().getFirst()));
            }
        }
    }

    public int count(Workload workload) {
        return groupsFor(workload).stream().mapToInt(List::size).sum();
    }

    public boolean allows(Workload workload, Node node) {
        return allows(workload, node.cluster()) && allowsShape(workload, node);
    }

    private static boolean allows(Workload workload, Cluster cluster) {
        return cluster.satisfiesResidency(workload.residency())
                && (!workload.hasLatencySlo() || workload.rttMs(cluster) <= workload.latencySloMs());
    }

    private static boolean allowsShape(Workload workload, Node node) {
        return node.unmatchedSelectorLabels(workload.nodeSelector()) == 0
                && node.untoleratedTaints(workload.tolerations(), true) == 0
                && node.offersSandbox(workload.sandbox());
    }

    /** What the static rules look at on a node, besides its cluster. */
    private record NodeShape(Map<String, String> labels, List<Taint> taints, Set<SandboxRuntime> runtimes) {
        static NodeShape of(Node node) {
            return new NodeShape(node.labels(), node.taints(), node.runtimes());
        }
    }
}
