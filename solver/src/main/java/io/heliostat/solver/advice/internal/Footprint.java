package io.heliostat.solver.advice.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.constraints.justifications.ColocationMissing;
import io.heliostat.solver.constraints.justifications.ReplicasShareNode;
import io.heliostat.solver.constraints.justifications.SpreadTooNarrow;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.Workload;

/**
 * Where a workload's replicas are so far, for the rules that depend on them: anti-affinity, spread, and
 * co-location with the workloads it depends on (which are in the live plan already, and stay put).
 */
final class Footprint {

    private final Workload workload;
    /** The first of its replicas on each node it uses. */
    private final Map<Node, String> replicaOn = new HashMap<>();
    private final Set<Object> domains = new HashSet<>();
    /** Each dependency's latency domains. */
    private final Map<String, Set<String>> dependencyDomains;
    private int placed;

    Footprint(Workload workload, Map<String, Set<String>> dependencyDomains) {
        this.workload = workload;
        this.dependencyDomains = new LinkedHashMap<>(dependencyDomains);
    }

    /** The first of those rules that putting {@code replicaId} on the node would break. */
    Optional<Breach> breach(String replicaId, Node node) {
        String neighbour = replicaOn.get(node);
        if (workload.antiAffinity() && neighbour != null) {
            return Optional.of(Breach.justified(PlacementConstraints.ANTI_AFFINITY, new ReplicasShareNode(replicaId, neighbour, node.id())));
        }
        if (workload.spread().isPresent()) {
            Spread spread = workload.spread().get();
            long required = PlacementConstraints.requiredDomains(workload, placed + 1);
            if (domains.size() < required && domains.contains(node.domain(spread.topologyKey()))) {
                return Optional.of(Breach.justified(PlacementConstraints.SPREAD,
                        new SpreadTooNarrow(workload.id(), spread.topologyKey().id(), domains.size(), required)));
            }
        }
        String latencyDomain = node.cluster().latencyDomain();
        for (Map.Entry<String, Set<String>> dependency : dependencyDomains.entrySet()) {
            if (!dependency.getValue().contains(latencyDomain)) {
                return Optional.of(Breach.justified(PlacementConstraints.COLOCATION,
                        new ColocationMissing(replicaId, dependency.getKey(), latencyDomain)));
            }
        }
        return Optional.empty();
    }

    void add(String replicaId, Node node) {
        replicaOn.putIfAbsent(node, replicaId);
        workload.spread().ifPresent(spread -> domains.add(node.domain(spread.topologyKey())));
        placed++;
    }
}
