package io.heliostat.solver.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;

/**
 * Which nodes a workload may run on by the static hard rules: node selector, NoSchedule taints, sandbox,
 * residency, latency SLO and whether a node has any of the GPUs and DPUs it asks for. Uses the domain's own
 * predicates (the ones the constraints use), evaluated once per group of nodes that share a cluster,
 * labels, taints and runtimes, and remembered per set of rules, as most workloads share a few.
 */
final class Eligibility {

    /** The extra condition that admits every node. */
    static final Predicate<Node> ANY = node -> true;

    private record GroupKey(Cluster cluster, Map<String, String> labels, List<Taint> taints, Set<SandboxRuntime> runtimes) {
    }

    private record Group(Node representative, List<Node> nodes) {
    }

    /** What the static rules read of a workload: workloads alike in these have the same eligible nodes. */
    private record RuleKey(Map<String, String> nodeSelector, List<Toleration> tolerations, SandboxRequirement sandbox,
                           Set<String> residency, Optional<UserLocation> userLocation, int latencySloMs, int gpus, int dpus) {

        static RuleKey of(Workload workload) {
            return new RuleKey(workload.nodeSelector(), workload.tolerations(), workload.sandbox(), workload.residency(),
                    workload.hasLatencySlo() ? workload.userLocation() : Optional.empty(), workload.latencySloMs(),
                    workload.request().gpus(), workload.request().dpus());
        }
    }

    private final List<Group> groups;
    private final Map<RuleKey, List<Node>> byRules = new HashMap<>();

    Eligibility(List<Node> nodes) {
        Map<GroupKey, Group> byKey = new LinkedHashMap<>();
        for (Node node : nodes) {
            // Record equality compares the cluster by identity and the collections by content.
            byKey.computeIfAbsent(new GroupKey(node.cluster(), node.labels(), node.taints(), node.runtimes()),
                    key -> new Group(node, new ArrayList<>())).nodes().add(node);
        }
        this.groups = List.copyOf(byKey.values());
    }

    /** The nodes {@code workload} may run on, in node order within their groups, that also pass {@code extra}. */
    List<Node> eligible(Workload workload, Predicate<Node> extra) {
        List<Node> eligible = byRules.computeIfAbsent(RuleKey.of(workload), key -> eligible(workload));
        return extra == ANY ? eligible : eligible.stream().filter(extra).toList();
    }

    private List<Node> eligible(Workload workload) {
        List<Node> eligible = new ArrayList<>();
        for (Group group : groups) {
            if (admits(group.representative(), workload)) {
                for (Node node : group.nodes()) {
                    if (node.capacity().gpus() >= workload.request().gpus() && node.capacity().dpus() >= workload.request().dpus()) {
                        eligible.add(node);
                    }
                }
            }
        }
        return List.copyOf(eligible);
    }

    /** The static rules that hold for every node of a group alike. */
    static boolean admits(Node node, Workload workload) {
        Cluster cluster = node.cluster();
        return node.unmatchedSelectorLabels(workload.nodeSelector()) == 0
                && node.untoleratedTaints(workload.tolerations(), true) == 0
                && node.offersSandbox(workload.sandbox())
                && cluster.satisfiesResidency(workload.residency())
                && (!workload.hasLatencySlo() || workload.rttMs(cluster) <= workload.latencySloMs());
    }
}
