package io.heliostat.solver.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.heliostat.solver.domain.ColocationRequirement;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.NodeEligibility;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;

/**
 * Places replicas one at a time, never breaking a hard rule: a replica no node can take stays unplaced.
 * The strategy decides which feasible node and start slot win. Serves the two baselines and, with
 * {@link Strategy#CARBON_COST}, the construction phase the optimiser improves on.
 *
 * <p>Replicas that already have a node keep it. Replicas with a current node go back to it first when it
 * still fits, as a running scheduler would not move them.
 */
final class GreedyPlacer {

    enum Strategy {
        /** Least-allocated node, earliest start, arrival order (the carbon-agnostic baseline). */
        SPREAD,
        /** First fit by the zone's first-slot intensity, earliest start, arrival order. */
        GREEDY_CARBON,
        /** Lowest marginal soft cost (carbon, idle power, latency, churn), hardest replicas first. */
        CARBON_COST
    }

    private final FleetPlan plan;
    private final Strategy strategy;
    private final LoadLedger ledger;
    private final NodeEligibility eligibility;
    private final Map<Workload, Footprint> footprints = new IdentityHashMap<>();
    private final Map<Workload, List<Workload>> dependencies = new IdentityHashMap<>();
    private final SoftPrices prices;

    /** Workloads to place before all others of their co-location level, most urgent first. */
    private final List<Workload> priority;
    private final List<Decision> decisions = new ArrayList<>();
    private final GroupRoom room;

    /** @param prices shared by the rounds of one construction: its caches hold for the whole plan */
    private GreedyPlacer(FleetPlan plan, Strategy strategy, List<Workload> priority, SoftPrices prices) {
        this.plan = plan;
        this.strategy = strategy;
        this.priority = priority;
        this.ledger = new LoadLedger(plan.getNodes(), plan.getHorizon().slots());
        this.eligibility = plan.getEligibility();
        this.room = new GroupRoom(ledger);
        this.prices = prices;
        for (ColocationRequirement requirement : plan.getColocations()) {
            dependencies.computeIfAbsent(requirement.dependent(), w -> new ArrayList<>()).add(requirement.dependency());
        }
    }

    /** Rounds of {@link Strategy#CARBON_COST} construction, each starting with the last rounds' failures. */
    static final int CONSTRUCTION_ROUNDS = 8;

    /** Where and when a replica that had no node should run. */
    record Decision(Replica replica, Node node, int startSlot) {
    }

    /** The decisions for the replicas that had no node, and how many of those found none. */
    record Construction(List<Decision> decisions, int unplaced) {

        /** Writes the decisions onto the replicas (outside a solver, which must be told of every change). */
        void apply() {
            for (Decision decision : decisions) {
                decision.replica().setNode(decision.node());
                decision.replica().setStartSlot(decision.startSlot());
            }
        }
    }

    /**
     * Decides a node and start for every replica of {@code plan} that has no node yet, without changing the
     * plan. The baselines make one pass, as the schedulers they stand for do. The construction retries: a
     * workload that found no room goes first in the next round (a "squeaky wheel"), since the usual cause
     * is that easier workloads took the few nodes it could use; the round that places most wins.
     */
    static Construction place(FleetPlan plan, Strategy strategy) {
        if (strategy != Strategy.CARBON_COST) {
            return new GreedyPlacer(plan, strategy, List.of(), new SoftPrices(plan)).run();
        }
        List<Workload> priority = new ArrayList<>();
        SoftPrices prices = new SoftPrices(plan);
        Construction best = null;
        for (int round = 0; round < CONSTRUCTION_ROUNDS && (best == null || best.unplaced() > 0); round++) {
            Construction construction = new GreedyPlacer(plan, strategy, List.copyOf(priority), prices).run();
            if (best == null || construction.unplaced() < best.unplaced()) {
                best = construction;
            }
            Set<Replica> decided = Collections.newSetFromMap(new IdentityHashMap<>());
            construction.decisions().forEach(decision -> decided.add(decision.replica()));
            // The latest failures go first: the earlier ones were placed once put ahead, and keep their order.
            List<Workload> failed = new ArrayList<>();
            for (Replica replica : plan.getReplicas()) {
                if (replica.getNode() == null && !decided.contains(replica) && !failed.contains(replica.getWorkload())) {
                    failed.add(replica.getWorkload());
                }
            }
            priority.removeAll(failed);
            priority.addAll(0, failed);
        }
        return best;
    }

    private Construction run() {
        List<Replica> open = new ArrayList<>();
        for (Replica replica : plan.getReplicas()) {
            if (replica.getNode() != null) {
                occupy(replica, replica.getNode(), replica.start());
            } else {
                open.add(replica);
            }
        }
        // Running replicas first, back where they are when that still works; dependencies before their
        // dependents, so that a dependent can stay next to a dependency that stays.
        Map<Workload, Integer> level = colocationLevels();
        open.sort(Comparator.comparingInt(r -> level.get(r.getWorkload())));
        List<Replica> remaining = new ArrayList<>();
        for (Replica replica : open) {
            Node current = replica.getCurrentNode();
            int start = replica.getStartSlot() != null ? replica.getStartSlot() : replica.getWorkload().releaseSlot();
            if (current != null && feasible(replica.getWorkload(), current, start)) {
                commit(replica, current, start);
            } else {
                remaining.add(replica);
            }
        }
        int unplaced = 0;
        for (Replica replica : placementOrder(remaining)) {
            if (!placeOne(replica)) {
                unplaced++;
            }
        }
        return new Construction(List.copyOf(decisions), unplaced);
    }

    /**
     * Dependencies before their dependents. The baselines then take arrival order. The construction keeps
     * each co-location group together (so a dependency's domain still has room for its dependents when
     * they come), puts groups that failed in earlier rounds first, then the groups with the fewest nodes
     * to choose from, and within a group the larger replicas first.
     */
    private List<Replica> placementOrder(List<Replica> replicas) {
        Map<Workload, Integer> level = colocationLevels();
        Map<Workload, Integer> arrival = new IdentityHashMap<>();
        for (Workload workload : plan.getWorkloads()) {
            arrival.put(workload, arrival.size());
        }
        Comparator<Replica> order;
        if (strategy == Strategy.CARBON_COST) {
            Map<Workload, Workload> group = colocationGroups();
            Map<Workload, Integer> groupUrgency = new IdentityHashMap<>();
            for (Workload workload : priority) {
                groupUrgency.putIfAbsent(group.get(workload), groupUrgency.size());
            }
            Map<Workload, Integer> groupChoices = new IdentityHashMap<>();
            for (Workload workload : plan.getWorkloads()) {
                groupChoices.merge(group.get(workload), eligibility.count(workload), Math::min);
            }
            order = Comparator.<Replica>comparingInt(r -> groupUrgency.getOrDefault(group.get(r.getWorkload()), Integer.MAX_VALUE))
                    .thenComparingInt(r -> groupChoices.get(group.get(r.getWorkload())))
                    .thenComparingInt(r -> arrival.get(group.get(r.getWorkload())))
                    .thenComparingInt(r -> level.get(r.getWorkload()))
                    .thenComparing((Replica r) -> size(r.getWorkload()), Comparator.reverseOrder());
        } else {
            order = Comparator.comparingInt(r -> level.get(r.getWorkload()));
        }
        order = order.thenComparingInt(r -> arrival.get(r.getWorkload())).thenComparingInt(Replica::getOrdinal);
        List<Replica> sorted = new ArrayList<>(replicas);
        sorted.sort(order);
        return sorted;
    }

    /** Each workload's co-location group, named by its first member in arrival order. */
    private Map<Workload, Workload> colocationGroups() {
        Map<Workload, Workload> parent = new IdentityHashMap<>();
        for (Workload workload : plan.getWorkloads()) {
            parent.put(workload, workload);
        }
        for (ColocationRequirement requirement : plan.getColocations()) {
            Workload a = root(parent, requirement.dependent());
            Workload b = root(parent, requirement.dependency());
            if (a != b) {
                // The earlier-arriving root names the group.
                if (plan.getWorkloads().indexOf(a) < plan.getWorkloads().indexOf(b)) {
                    parent.put(b, a);
                } else {
                    parent.put(a, b);
                }
            }
        }
        Map<Workload, Workload> group = new IdentityHashMap<>();
        for (Workload workload : plan.getWorkloads()) {
            group.put(workload, root(parent, workload));
        }
        return group;
    }

    private static Workload root(Map<Workload, Workload> parent, Workload workload) {
        Workload root = workload;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        return root;
    }

    /** How big a request is, as one number to order by: cores, plus a core per 4 GiB, 8 per GPU and 4 per DPU. */
    static double size(Workload workload) {
        var request = workload.request();
        return request.cpuMillis() / 1000.0 + request.memoryMiB() / 4096.0 + request.gpus() * 8.0 + request.dpus() * 4.0;
    }

    /** Depth in the co-location graph: a workload comes after everything it must sit next to. */
    private Map<Workload, Integer> colocationLevels() {
        Map<Workload, Integer> level = new IdentityHashMap<>();
        for (Workload workload : plan.getWorkloads()) {
            levelOf(workload, level, new HashSet<>());
        }
        return level;
    }

    private int levelOf(Workload workload, Map<Workload, Integer> level, Set<Workload> visiting) {
        Integer known = level.get(workload);
        if (known != null) {
            return known;
        }
        if (!visiting.add(workload)) {
            return 0; // a cycle: no order satisfies it, the constraint will report it
        }
        int depth = 0;
        for (Workload dependency : dependencies.getOrDefault(workload, List.of())) {
            depth = Math.max(depth, levelOf(dependency, level, visiting) + 1);
        }
        level.put(workload, depth);
        return depth;
    }

    private boolean placeOne(Replica replica) {
        Workload workload = replica.getWorkload();
        Footprint footprint = footprints.computeIfAbsent(workload, w -> new Footprint());
        Set<String> latencyDomains = allowedLatencyDomains(workload);
        if (latencyDomains != null && latencyDomains.isEmpty()) {
            return false;
        }
        boolean needsNewDomain = workload.spread().isPresent()
                && footprint.domains.size() < Math.min(workload.spread().get().minDomains(), workload.replicas());

        Node bestNode = null;
        int bestStart = -1;
        double bestValue = Double.POSITIVE_INFINITY; // lower is better for every strategy
        boolean wholeHorizon = workload.releaseSlot() == 0 && workload.durationSlots() == plan.getHorizon().slots();
        int rank = 0;
        search:
        for (Candidates.Group group : candidates(workload).groups()) {
            if (group.lowerBound() >= bestValue) {
                break; // sorted by lower bound: nothing further can win
            }
            if (wholeHorizon && !room.mayFit(group.nodes(), workload.request())) {
                rank += group.nodes().size();
                continue; // no node of the group has room at its busiest: skip them all at once
            }
            int[] starts = strategy == Strategy.CARBON_COST ? prices.startsByIntensity(workload, group.nodes().getFirst().zone()) : null;
            // Alike nodes carry the same taints: whether one discourages the workload holds for the group.
            boolean discouraged = group.nodes().getFirst().untoleratedTaints(workload.tolerations(), false) > 0;
            for (Node node : group.nodes()) {
                rank++;
                if (workload.antiAffinity() && footprint.nodes.get(node.index())) {
                    continue;
                }
                if (needsNewDomain && footprint.domains.contains(node.domain(workload.spread().get().topologyKey()))) {
                    continue;
                }
                if (latencyDomains != null && !latencyDomains.contains(node.cluster().latencyDomain())) {
                    continue;
                }
                long[] demand = LoadLedger.demandOf(node, workload.request());
                int start = startOn(workload, node, demand, starts);
                if (start < 0) {
                    continue;
                }
                double value = switch (strategy) {
                    case SPREAD -> -ledger.freeShareAfter(node, demand);
                    case GREEDY_CARBON -> rank; // candidates come in carbon order
                    case CARBON_COST -> prices.cost(replica, node, start, !ledger.isOn(node), discouraged)
                            + prices.headroomCost(ledger, node, workload, start);
                };
                if (value < bestValue) {
                    bestValue = value;
                    bestNode = node;
                    bestStart = start;
                    if (strategy == Strategy.GREEDY_CARBON) {
                        break search; // candidates come in carbon order: the first fit wins
                    }
                }
            }
        }
        if (bestNode == null) {
            return false;
        }
        commit(replica, bestNode, bestStart);
        return true;
    }

    /**
     * The nodes the static rules allow, in the order the strategy tries them. Replicas of a workload are
     * placed one after another, so only the last workload's list is kept: a list per workload would not
     * fit in memory for a 50,000-replica fleet.
     */
    private Candidates candidates(Workload workload) {
        if (lastCandidates != null && lastCandidates.workload == workload) {
            return lastCandidates;
        }
        List<List<Node>> groups = new ArrayList<>(eligibility.groupsFor(workload));
        lastCandidates = switch (strategy) {
            case SPREAD -> Candidates.unbounded(workload, groups);
            case GREEDY_CARBON -> {
                groups.sort(Comparator.comparingDouble((List<Node> g) -> g.getFirst().zone().intensity(0))
                        .thenComparingInt(g -> g.getFirst().index()));
                yield Candidates.unbounded(workload, groups);
            }
            case CARBON_COST -> {
                // Nodes of a group share cluster, power profile and size, hence their lower bound.
                List<Candidates.Group> bounded = new ArrayList<>();
                for (List<Node> group : groups) {
                    bounded.add(new Candidates.Group(group, prices.lowerBound(workload, group.getFirst())));
                }
                bounded.sort(Comparator.comparingDouble(Candidates.Group::lowerBound).thenComparingInt(g -> g.nodes().getFirst().index()));
                yield new Candidates(workload, bounded);
            }
        };
        return lastCandidates;
    }

    private Candidates lastCandidates;

    /** Candidate nodes in groups of alike nodes, in the order the strategy tries them. */
    record Candidates(Workload workload, List<Group> groups) {

        /** Alike nodes, and a cost none of them can undercut (0 where the strategy does not bound costs). */
        record Group(List<Node> nodes, double lowerBound) {
        }

        static Candidates unbounded(Workload workload, List<List<Node>> groups) {
            return new Candidates(workload, groups.stream().map(nodes -> new Group(nodes, Double.NEGATIVE_INFINITY)).toList());
        }
    }

    /** The start slot to use on {@code node}, or -1 when the node cannot take the replica in any window. */
    private int startOn(Workload workload, Node node, long[] demand, int[] startsByIntensity) {
        int duration = workload.durationSlots();
        if (startsByIntensity != null) {
            for (int start : startsByIntensity) {
                if (ledger.fits(node, demand, start, start + duration)) {
                    return start;
                }
            }
            return -1;
        }
        for (int start = workload.releaseSlot(); start + duration <= workload.deadlineSlot(); start++) {
            if (ledger.fits(node, demand, start, start + duration)) {
                return start;
            }
        }
        return -1;
    }

    /** The latency domains that host every workload this one must sit next to; null when it has none. */
    private Set<String> allowedLatencyDomains(Workload workload) {
        List<Workload> needed = dependencies.get(workload);
        if (needed == null) {
            return null;
        }
        Set<String> allowed = null;
        for (Workload dependency : needed) {
            Footprint footprint = footprints.get(dependency);
            Set<String> hosting = footprint == null ? Set.of() : footprint.latencyDomains.keySet();
            if (allowed == null) {
                allowed = new HashSet<>(hosting);
            } else {
                allowed.retainAll(hosting);
            }
        }
        return allowed;
    }

    private boolean feasible(Workload workload, Node node, int start) {
        if (!eligibility.allows(workload, node)) {
            return false;
        }
        Footprint footprint = footprints.get(workload);
        if (workload.antiAffinity() && footprint != null && footprint.nodes.get(node.index())) {
            return false;
        }
        if (footprint != null && workload.spread().isPresent()
                && footprint.domains.size() < Math.min(workload.spread().get().minDomains(), workload.replicas())
                && footprint.domains.contains(node.domain(workload.spread().get().topologyKey()))) {
            return false; // the spread still needs another domain
        }
        Set<String> latencyDomains = allowedLatencyDomains(workload);
        if (latencyDomains != null && !latencyDomains.contains(node.cluster().latencyDomain())) {
            return false; // no replica of a dependency in the node's latency domain (yet)
        }
        return start >= workload.releaseSlot() && start + workload.durationSlots() <= workload.deadlineSlot()
                && ledger.fits(node, LoadLedger.demandOf(node, workload.request()), start, start + workload.durationSlots());
    }

    private void commit(Replica replica, Node node, int start) {
        occupy(replica, node, start);
        decisions.add(new Decision(replica, node, start));
    }

    /** Books a replica's place in the ledger and the workload's footprint. */
    private void occupy(Replica replica, Node node, int start) {
        Workload workload = replica.getWorkload();
        ledger.commit(node, LoadLedger.demandOf(node, workload.request()), start, start + workload.durationSlots());
        room.changed(node);
        Footprint footprint = footprints.computeIfAbsent(workload, w -> new Footprint());
        footprint.nodes.set(node.index());
        workload.spread().ifPresent(spread -> footprint.domains.add(node.domain(spread.topologyKey())));
        footprint.latencyDomains.merge(node.cluster().latencyDomain(), 1, Integer::sum);
    }

    /** Where a workload's replicas are so far. */
    private static final class Footprint {
        final BitSet nodes = new BitSet();
        final Set<Object> domains = new HashSet<>();
        final Map<String, Integer> latencyDomains = new LinkedHashMap<>();
    }
}
