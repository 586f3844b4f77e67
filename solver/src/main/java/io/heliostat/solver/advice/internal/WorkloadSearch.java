package io.heliostat.solver.advice.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.advice.Alternative;
import io.heliostat.solver.advice.ReplicaDecision;
import io.heliostat.solver.analysis.Costs;
import io.heliostat.solver.analysis.Placement;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Session;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.LoadLedger;
import io.heliostat.solver.placement.SoftPrices;

/**
 * Decides the replicas of one workload, one after another, against a live plan, without scoring every node
 * through the score director:
 * <ol>
 * <li>the fleet's groups of alike nodes (same cluster, shape, power and size: they differ only in load) are
 *     ranked by the cheapest cost any of their nodes could have, the static rules tell which groups are
 *     allowed at all;</li>
 * <li>the allowed groups are walked cheapest first; in each, the load ledger finds the nodes with room (at the
 *     cleanest start that fits, for a job) and {@link SoftPrices} their exact soft cost, and the group's best
 *     node stands for it; the walk stops once {@code confirmed} groups have a node cheaper than any further
 *     group could offer;</li>
 * <li>those nodes are re-scored through the score director and the best score wins, so that the decision and
 *     every score it reports are the constraints' own;</li>
 * <li>nodes that a hard rule rules out but would have cost less are scored too, to answer "why not there?".</li>
 * </ol>
 */
public final class WorkloadSearch {

    // Written out rather than composed: a request orders hundreds of groups and candidates, and each layer of a
    // composed comparator is one more call the JIT cannot inline.
    private static final Comparator<Candidate> CHEAPEST_FIRST = (a, b) -> a.estimate() != b.estimate()
            ? Long.compare(a.estimate(), b.estimate()) : Integer.compare(a.node().index(), b.node().index());
    private static final Comparator<Candidate> DEAREST_FIRST = (a, b) -> CHEAPEST_FIRST.compare(b, a);

    private final LivePlan live;
    private final Workload workload;
    private final BitSet unavailable;
    private final int confirmed;
    private final int alternatives;
    private final Footprint footprint;
    /** Ranked once for all replicas: the ranking does not depend on load. */
    private final Ranking groups;

    /**
     * @param groups      the fleet's groups ranked for the workload on this live plan ({@link #rank})
     * @param unavailable indexes of nodes to leave out
     * @param confirmed   how many candidates at least the score director re-scores; one more than {@code alternatives}
     *                    if that is more
     * @param alternatives how many runners-up, and how many ruled-out nodes, each decision reports
     */
    public WorkloadSearch(LivePlan live, Ranking groups, BitSet unavailable, int confirmed, int alternatives) {
        if (!groups.rankedOn(live)) {
            throw new IllegalArgumentException("the groups of " + groups.workload.id() + " were ranked on another live plan");
        }
        this.live = live;
        this.workload = groups.workload;
        this.groups = groups;
        this.unavailable = unavailable;
        this.confirmed = Math.max(confirmed, alternatives + 1);
        this.alternatives = alternatives;
        this.footprint = new Footprint(workload, dependencyDomains(live.session(), workload));
    }

    /**
     * Ranks the fleet's groups of alike nodes for the workload by the least any of their nodes could cost it. It
     * reads only what the live plan does not change (the fleet, its prices and the static rules), so it may run on
     * any thread while another searches the same plan.
     */
    public static Ranking rank(LivePlan live, Workload workload) {
        SoftPrices prices = live.prices();
        Ranking ranking = new Ranking(live, workload);
        // Every replica of a recommendation is new: none has a node to move from, so none pays a migration.
        Replica fresh = new Replica(workload, 0);
        live.eligibility().forEachShape(workload, (shapeGroups, allowed, discouraged) -> {
            Shape shape = new Shape(allowed, discouraged);
            int[] starts = prices.startsByIntensity(workload, shapeGroups.getFirst().getFirst().zone());
            for (List<Node> nodes : shapeGroups) {
                // A node that is on already, with room below its headroom target, at the cleanest start: none does better.
                long bound = prices.cost(fresh, nodes.getFirst(), starts[0], false, shape.discouraged);
                ranking.add(new Group(nodes, shape, bound, starts));
            }
        });
        ranking.heapify();
        return ranking;
    }

    private static Map<String, Set<String>> dependencyDomains(Session session, Workload workload) {
        Map<String, Set<String>> domains = new LinkedHashMap<>();
        for (String dependencyId : workload.colocateWith()) {
            Workload dependency = session.workload(dependencyId).orElseThrow();
            domains.put(dependencyId, session.replicas(dependency).stream()
                    .filter(replica -> replica.getNode() != null && replica.getStartSlot() != null)
                    .map(Replica::latencyDomain)
                    .collect(Collectors.toSet()));
        }
        return domains;
    }

    /**
     * Nodes alike in all but their load, and what the workload would cost at least there; groups of equal bound are
     * ordered by the index of their first node.
     */
    private static final class Group {
        final List<Node> nodes;
        final Shape shape;
        final long bound;
        /** The workload's allowed starts in the group's zone, cleanest first. */
        final int[] starts;
        /** What the workload would take of each node, once a scan reaches the group: most groups it never does. */
        private long[] demand;

        Group(List<Node> nodes, Shape shape, long bound, int[] starts) {
            this.nodes = nodes;
            this.shape = shape;
            this.bound = bound;
            this.starts = starts;
        }

        int cleanestStart() {
            return starts[0];
        }

        boolean allowed() {
            return shape.allowed;
        }

        boolean discouraged() {
            return shape.discouraged;
        }

        long[] demand(Workload workload) {
            if (demand == null) {
                demand = LoadLedger.demandOf(nodes.getFirst(), workload.request());
            }
            return demand;
        }
    }

    /**
     * What the groups of one shape in one cluster share: the static rules' verdict and whether the workload tolerates
     * their taints. One object per shape, told apart by identity.
     */
    private static final class Shape {
        final boolean allowed;
        final boolean discouraged;

        Shape(boolean allowed, boolean discouraged) {
            this.allowed = allowed;
            this.discouraged = discouraged;
        }
    }

    /**
     * The groups ranked for one workload, lowest bound first, for one search. They are put in order only as far as
     * the scans walk: most stop after a few dozen of the fleet's hundreds, and a heap gives those for less than
     * sorting all. A heap of its own, not a {@link PriorityQueue}, whose comparator call is shared with every other
     * queue in the process, too polymorphic for the JIT to inline: that one took a seventh of a decision.
     */
    public static final class Ranking {
        private final LivePlan live;
        private final Workload workload;
        /** The heap, with each entry's bound and first index beside it: sifting reads no group. */
        private Group[] heap = new Group[256];
        private long[] bounds = new long[256];
        private int[] firstIndexes = new int[256];
        private int size;
        private final List<Group> ranked = new ArrayList<>();

        private Ranking(LivePlan live, Workload workload) {
            this.live = live;
            this.workload = workload;
        }

        /** Whether these are the groups of {@code live}: a plan opened anew has other prices, maybe another fleet. */
        public boolean rankedOn(LivePlan live) {
            return this.live == live;
        }

        public Workload workload() {
            return workload;
        }

        void add(Group group) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
                bounds = Arrays.copyOf(bounds, size * 2);
                firstIndexes = Arrays.copyOf(firstIndexes, size * 2);
            }
            put(size++, group, group.bound, group.nodes.getFirst().index());
        }

        /** Orders the heap once all groups are in: part of the ranking, before any search takes it. */
        private void heapify() {
            for (int k = size / 2 - 1; k >= 0; k--) {
                siftDown(k);
            }
        }

        /** The group of rank {@code i}, null past the last. */
        Group get(int i) {
            while (ranked.size() <= i && size > 0) {
                ranked.add(heap[0]);
                size--;
                put(0, heap[size], bounds[size], firstIndexes[size]);
                heap[size] = null;
                siftDown(0);
            }
            return i < ranked.size() ? ranked.get(i) : null;
        }

        private void siftDown(int k) {
            Group group = heap[k];
            long bound = bounds[k];
            int firstIndex = firstIndexes[k];
            int half = size >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                if (child + 1 < size && before(child + 1, bounds[child], firstIndexes[child])) {
                    child++;
                }
                if (!before(child, bound, firstIndex)) {
                    break;
                }
                put(k, heap[child], bounds[child], firstIndexes[child]);
                k = child;
            }
            put(k, group, bound, firstIndex);
        }

        /** Whether the entry at {@code k} ranks before a group of the given bound and first index. */
        private boolean before(int k, long bound, int firstIndex) {
            return bounds[k] != bound ? bounds[k] < bound : firstIndexes[k] < firstIndex;
        }

        private void put(int k, Group group, long bound, int firstIndex) {
            heap[k] = group;
            bounds[k] = bound;
            firstIndexes[k] = firstIndex;
        }
    }

    /** A node and start for the replica, its estimated soft cost, and the hard rule it breaks, if any. */
    private record Candidate(Node node, int start, long estimate, Optional<Breach> breach) {
    }

    private record Scored(Candidate candidate, HardMediumSoftScore score) {
    }

    /** A hard rule on one cluster: a decision reports one node per such pair that the rule ruled out. */
    private record RuleOnCluster(String clusterId, String constraint) {
    }

    /**
     * Decides where the session's unplaced replica goes, leaves it there (unplaced when no node keeps every hard
     * rule) with its load booked, and says why.
     */
    public ReplicaDecision decide(Replica replica) {
        List<Candidate> feasible = new ArrayList<>();
        List<Candidate> ruledOut = new ArrayList<>();
        scan(replica, feasible, ruledOut);

        Session session = live.session();
        HardMediumSoftScore unplaced = session.score();
        List<Scored> scored = new ArrayList<>();
        Scored chosen = null;
        for (Candidate candidate : feasible) {
            session.move(replica, candidate.node(), candidate.start());
            Scored trial = new Scored(candidate, session.score());
            scored.add(trial);
            // Strictly better only: ties go to the cheaper estimate. Not above unplaced means it breaks a hard rule.
            if (trial.score().compareTo(chosen == null ? unplaced : chosen.score()) > 0) {
                chosen = trial;
            }
        }
        List<Scored> excluded = new ArrayList<>();
        for (Candidate candidate : ruledOut) {
            if (excluded.size() == alternatives || chosen != null && candidate.estimate() >= chosen.candidate().estimate()) {
                break;
            }
            session.move(replica, candidate.node(), candidate.start());
            excluded.add(new Scored(candidate, session.score()));
        }
        ReplicaDecision decision = decision(replica, chosen, unplaced, scored, excluded);

        if (chosen == null) {
            session.move(replica, null, workload.releaseSlot());
        } else {
            session.move(replica, chosen.candidate().node(), chosen.candidate().start());
            footprint.add(replica.getId(), chosen.candidate().node());
        }
        live.book(replica);
        return decision;
    }

    /** Fills the best node of up to {@code confirmed} groups, cheapest first, and one ruled-out node per cluster and rule. */
    private void scan(Replica replica, List<Candidate> feasible, List<Candidate> ruledOut) {
        PriorityQueue<Candidate> top = new PriorityQueue<>(DEAREST_FIRST);
        Map<RuleOnCluster, Candidate> excluded = new LinkedHashMap<>();
        // A shape, or a whole cluster, that the static rules rule out breaks the same rule in each of its groups: the
        // first ruled-out node stands for all.
        Set<Shape> shapesRuledOut = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Cluster> clustersRuledOut = Collections.newSetFromMap(new IdentityHashMap<>());
        Group group;
        for (int rank = 0; (group = groups.get(rank)) != null; rank++) {
            if (top.size() == confirmed && group.bound >= top.peek().estimate()) {
                break; // ranked by bound: no further group has a cheaper node
            }
            if (!group.allowed() && (shapesRuledOut.contains(group.shape)
                    || clustersRuledOut.contains(group.nodes.getFirst().cluster()))) {
                continue;
            }
            Candidate best = null;
            Candidate firstExcluded = null;
            boolean idleTried = false;
            for (Node node : group.nodes) {
                if (unavailable.get(node.index())) {
                    continue;
                }
                // Nodes of a group that run nothing are alike to every rule and price, but for the migration cost a
                // replica's own node is spared: the first stands for the rest, and wins their ties.
                if (!live.ledger().isOn(node) && node != replica.getCurrentNode()) {
                    if (idleTried) {
                        continue;
                    }
                    idleTried = true;
                }
                Optional<Breach> breach = group.allowed() ? footprint.breach(replica.getId(), node) : staticBreach(replica, node, group);
                if (breach.isEmpty()) {
                    Candidate candidate = cheapestStart(replica, group, node);
                    if (candidate != null) {
                        if (best == null || candidate.estimate() < best.estimate()) {
                            best = candidate;
                        }
                        if (best.estimate() <= group.bound) {
                            break; // no node of the group can be cheaper
                        }
                        continue;
                    }
                    if (firstExcluded != null) {
                        continue; // only the group's first node without room is reported, and why
                    }
                    breach = overcommit(node, group);
                }
                if (firstExcluded == null) {
                    firstExcluded = excludedAt(replica, group, node, breach.orElseThrow());
                }
                if (!group.allowed()) {
                    break; // the static rules rule out every node of the group alike
                }
            }
            if (best != null) {
                top.add(best);
                if (top.size() > confirmed) {
                    top.poll();
                }
            } else if (firstExcluded != null) {
                Node node = firstExcluded.node();
                excluded.putIfAbsent(new RuleOnCluster(node.cluster().id(), firstExcluded.breach().orElseThrow().constraint()), firstExcluded);
                if (!group.allowed()) {
                    shapesRuledOut.add(group.shape);
                    if (firstExcluded.breach().orElseThrow().ofCluster()) {
                        clustersRuledOut.add(node.cluster());
                    }
                }
            }
        }
        feasible.addAll(top);
        feasible.sort(CHEAPEST_FIRST);
        ruledOut.addAll(excluded.values());
        ruledOut.sort(CHEAPEST_FIRST);
    }

    private static Optional<Breach> staticBreach(Replica replica, Node node, Group group) {
        Replica probe = new Replica(replica.getWorkload(), replica.getOrdinal(), node, group.cleanestStart());
        return Optional.of(Breach.ofStaticRules(probe).orElseThrow(() -> new IllegalStateException(
                "node " + node.id() + " is not eligible for " + replica.getId() + " but breaks no static rule")));
    }

    /** The start on the node with the lowest cost among those that fit, or null when none fits. */
    private Candidate cheapestStart(Replica replica, Group group, Node node) {
        SoftPrices prices = live.prices();
        LoadLedger ledger = live.ledger();
        boolean switchesOn = !ledger.isOn(node);
        long best = Long.MAX_VALUE;
        int bestStart = -1;
        for (int start : group.starts) {
            long cost = prices.cost(replica, node, start, switchesOn, group.discouraged());
            if (cost >= best) {
                break; // cleanest first: later starts cost at least as much before headroom
            }
            if (!ledger.fits(node, group.demand(workload), start, start + workload.durationSlots())) {
                continue;
            }
            cost += prices.headroomCost(ledger, node, workload, start);
            if (cost < best) {
                best = cost;
                bestStart = start;
            }
        }
        return bestStart < 0 ? null : new Candidate(node, bestStart, best, Optional.empty());
    }

    /** The capacity rule a node without room in any window breaks, at the cleanest start. */
    private Optional<Breach> overcommit(Node node, Group group) {
        int start = group.cleanestStart();
        return live.ledger().overcommit(node, group.demand(workload), start, start + workload.durationSlots())
                .map(over -> new Breach(over.dimension().constraint(), () -> over.justification(node)));
    }

    private Candidate excludedAt(Replica replica, Group group, Node node, Breach breach) {
        int start = group.cleanestStart();
        long estimate = live.prices().cost(replica, node, start, !live.ledger().isOn(node), group.discouraged())
                + live.prices().headroomCost(live.ledger(), node, workload, start);
        return new Candidate(node, start, estimate, Optional.of(breach));
    }

    // ************************************************************************
    // What the decision says
    // ************************************************************************

    /** Read before the replica's load is booked: costs and grams depend on whether a node is on yet. */
    private ReplicaDecision decision(Replica replica, Scored chosen, HardMediumSoftScore unplaced, List<Scored> scored,
                                     List<Scored> excluded) {
        HardMediumSoftScore reference = chosen == null ? unplaced : chosen.score();
        double referenceGramsPerHour = chosen == null ? 0 : gramsPerHour(chosen.candidate());
        Map<String, Long> referenceCosts = chosen == null ? Map.of() : costs(replica, chosen.candidate());
        List<Alternative> list = new ArrayList<>();
        List<Scored> runnersUp = new ArrayList<>(scored);
        runnersUp.remove(chosen);
        runnersUp.sort(Comparator.comparing(Scored::score).reversed());
        for (Scored runnerUp : runnersUp.subList(0, Math.min(alternatives, runnersUp.size()))) {
            HardMediumSoftScore difference = runnerUp.score().subtract(reference);
            boolean feasible = runnerUp.score().hardScore() >= unplaced.hardScore();
            String reason = !feasible ? "breaks hard rules: " + Costs.costChange(difference)
                    : costReason(difference, costs(replica, runnerUp.candidate()), referenceCosts, chosen.candidate().node());
            list.add(alternative(runnerUp, feasible, difference, referenceGramsPerHour, reason));
        }
        for (Scored ruledOut : excluded) {
            Candidate candidate = ruledOut.candidate();
            String reason = candidate.breach().orElseThrow().sentence() + (chosen == null ? ""
                    : "; it would cost " + Costs.gramsText(chosen.candidate().estimate() - candidate.estimate(), false)
                    + " g CO2e-eq less");
            list.add(alternative(ruledOut, false, ruledOut.score().subtract(reference), referenceGramsPerHour, reason));
        }
        if (chosen == null) {
            return new ReplicaDecision(replica.getId(), Optional.empty(), 0, 0, unplaced, list);
        }
        Node node = chosen.candidate().node();
        return new ReplicaDecision(replica.getId(), Optional.of(placement(chosen.candidate())), referenceGramsPerHour,
                workload.rttMs(node.cluster()), chosen.score(), list);
    }

    private Alternative alternative(Scored scored, boolean feasible, HardMediumSoftScore difference,
                                    double referenceGramsPerHour, String reason) {
        return new Alternative(placement(scored.candidate()), feasible, difference,
                gramsPerHour(scored.candidate()) - referenceGramsPerHour, reason);
    }

    private Placement placement(Candidate candidate) {
        Node node = candidate.node();
        return new Placement(node.id(), node.cluster().id(), node.zone().id(), candidate.start(),
                candidate.start() + workload.durationSlots());
    }

    /** Its incremental draw, and the node's idle draw if nothing runs there yet, at the start slot's intensity. */
    private double gramsPerHour(Candidate candidate) {
        Node node = candidate.node();
        double watts = node.incrementalWatts(workload.request()) + (live.ledger().isOn(node) ? 0 : node.power().idleWatts());
        return node.zone().gramsPerHour(watts, candidate.start());
    }

    private Map<String, Long> costs(Replica replica, Candidate candidate) {
        Node node = candidate.node();
        return live.prices().costByConstraint(replica, node, candidate.start(), live.ledger(),
                node.untoleratedTaints(workload.tolerations(), false) > 0);
    }

    /** "costs +12.4 g CO2e-eq: Idle carbon +11.9 g, Operational carbon +0.5 g", the largest change first. */
    private static String costReason(HardMediumSoftScore difference, Map<String, Long> costs, Map<String, Long> reference,
                                     Node referenceNode) {
        if (difference.isZero()) {
            return "scores the same as " + referenceNode.id() + ", which comes first";
        }
        Set<String> constraints = new HashSet<>(costs.keySet());
        constraints.addAll(reference.keySet());
        Map<String, Long> extra = new LinkedHashMap<>();
        constraints.stream()
                .map(constraint -> Map.entry(constraint, costs.getOrDefault(constraint, 0L) - reference.getOrDefault(constraint, 0L)))
                .filter(entry -> entry.getValue() != 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, Long> entry) -> -Math.abs(entry.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> extra.put(entry.getKey(), entry.getValue()));
        return "costs " + Costs.costChange(difference) + ": " + extra.entrySet().stream()
                .map(entry -> entry.getKey() + " " + Costs.gramsText(entry.getValue(), true) + " g")
                .collect(Collectors.joining(", "));
    }
}
