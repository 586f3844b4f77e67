package io.heliostat.solver.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A schedulable node of a member cluster: a cloud server, an edge server or an IoT gateway. Holds the
 * static predicates (selector, taints, sandbox) that the constraints and the greedy placers share.
 *
 * @param powerBudgetWatts the most this node may draw in any slot; 0 when it has no budget
 * @param index position in the fleet's node list, for array look-ups on the hot path
 */
public record Node(String id, Cluster cluster, Resources capacity, PowerProfile power, double powerBudgetWatts,
                   Map<String, String> labels, List<Taint> taints, Set<SandboxRuntime> runtimes, int index) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(power, "power");
        if (!(powerBudgetWatts >= 0)) {
            throw new IllegalArgumentException("node " + id + ": powerBudgetWatts must be >= 0, was " + powerBudgetWatts);
        }
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        runtimes = Set.copyOf(runtimes);
        if (runtimes.isEmpty()) {
            throw new IllegalArgumentException("node " + id + " offers no sandbox runtime");
        }
    }

    public Zone zone() {
        return cluster.zone();
    }

    public boolean hasPowerBudget() {
        return powerBudgetWatts > 0;
    }

    /** The draw {@code request} adds to this node. */
    public double incrementalWatts(Resources request) {
        return power.incrementalWatts(request, capacity.cpuMillis());
    }

    /** CO2e that {@code request}'s draw here emits over slots {@code [from, to)}, in whole milligrams as the constraints count it. */
    public long carbonMilligrams(Resources request, int from, int to) {
        return Math.round(zone().milligrams(incrementalWatts(request), from, to));
    }

    /** Energy {@code request}'s draw here takes over {@code slots} slots, in whole milliwatt-hours as the constraints count it. */
    public long energyMilliwattHours(Resources request, int slots) {
        return Math.round(incrementalWatts(request) * slots * zone().slotHours() * 1000.0);
    }

    public Object domain(TopologyKey key) {
        return switch (key) {
            case NODE -> this;
            case CLUSTER -> cluster;
            case REGION -> cluster.region();
        };
    }

    /** Selector keys whose value this node's labels do not carry. */
    public int unmatchedSelectorLabels(Map<String, String> selector) {
        int unmatched = 0;
        for (Map.Entry<String, String> entry : selector.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                unmatched++;
            }
        }
        return unmatched;
    }

    /** Taints with the given strictness that none of the tolerations tolerates. */
    public int untoleratedTaints(List<Toleration> tolerations, boolean forbidding) {
        return untolerated(taints, tolerations, forbidding);
    }

    /** Those of {@code taints} with the given strictness that none of the tolerations tolerates. */
    static int untolerated(List<Taint> taints, List<Toleration> tolerations, boolean forbidding) {
        int untolerated = 0;
        for (Taint taint : taints) {
            if (taint.effect().forbidsScheduling() == forbidding && !Toleration.anyTolerates(tolerations, taint)) {
                untolerated++;
            }
        }
        return untolerated;
    }

    public boolean offersSandbox(SandboxRequirement requirement) {
        return offers(runtimes, requirement);
    }

    /** Whether one of {@code runtimes} meets the requirement. */
    static boolean offers(Set<SandboxRuntime> runtimes, SandboxRequirement requirement) {
        for (SandboxRuntime runtime : runtimes) {
            if (requirement.acceptedBy(runtime)) {
                return true;
            }
        }
        return false;
    }

    // Identity semantics: nodes are facts with unique ids; the hot path hashes them in every join.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return id;
    }
}
