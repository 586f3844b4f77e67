package io.heliostat.solver.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.Relocation.Destination;

/**
 * Plans relocations of several replicas on a plan as it stands. The replicas that must move go largest
 * first, each to the node where it costs least, at the cleanest start that fits there, as the construction
 * places them; a node takes a replica only with room in every slot it runs and when the static rules and
 * anti-affinity allow. Spread and co-location are left to the score, which refuses a relocation that
 * breaks them like any other move.
 *
 * <p>Reads the plan once, so it serves one local search step: a step's move changes the plan.
 */
final class Relocator {

    /** Replicas ejected at most to make room for one; each more is one more that must find room elsewhere. */
    static final int MAX_EJECTED = 4;

    private final FleetPlan plan;
    private final SoftPrices prices;
    /** The replicas of each node that hosts replicas and no pinned one: the nodes a relocation may empty. */
    private final Map<Node, List<Replica>> movable = new LinkedHashMap<>();
    private final List<Node> occupied;
    /** The nodes that host each anti-affine workload. */
    private final Map<Workload, Set<Node>> antiAffine = new IdentityHashMap<>();
    /** What every node carries in every slot; built on first use, as most steps take other kinds of move. */
    private LoadLedger ledger;

    Relocator(FleetPlan plan, SoftPrices prices) {
        this.plan = plan;
        this.prices = prices;
        Set<Node> pinned = identitySet();
        for (Replica replica : plan.getReplicas()) {
            Node node = replica.getNode();
            if (node == null) {
                continue;
            }
            if (replica.isPinned()) {
                pinned.add(node);
            } else {
                movable.computeIfAbsent(node, n -> new ArrayList<>()).add(replica);
            }
            if (replica.getWorkload().antiAffinity()) {
                antiAffine.computeIfAbsent(replica.getWorkload(), w -> identitySet()).add(node);
            }
        }
        movable.keySet().removeAll(pinned);
        this.occupied = List.copyOf(movable.keySet());
    }

    /** The nodes that host replicas and no pinned one, in a stable order. */
    List<Node> occupied() {
        return occupied;
    }

    /**
     * Every replica of {@code sources} to the nodes already on or to {@code targets}, wherever each costs
     * least; empty when one of them fits nowhere.
     */
    List<Destination> evacuation(List<Node> sources, List<Node> targets) {
        Set<Node> closed = identitySet();
        closed.addAll(sources);
        List<Replica> moving = new ArrayList<>();
        sources.forEach(source -> moving.addAll(movable.get(source)));
        List<Destination> destinations = new ArrayList<>(moving.size());
        place(moving, closed, targets, destinations);
        destinations.forEach(this::unbook);
        return destinations.size() == moving.size() ? destinations : List.of();
    }

    /**
     * {@code replica}, placed or not, to {@code target}, which has no room for it, and up to {@value #MAX_EJECTED}
     * of the target's replicas (drawn in turn until there is room) out to the nodes on where each costs least;
     * empty when the replica fits without ejecting any, or the room or places for the ejected cannot be found.
     */
    List<Destination> ejection(Replica replica, Node target, RandomGenerator random) {
        Destination current = replica.getNode() == null ? null : new Destination(replica, replica.getNode(), replica.start());
        if (current != null) {
            unbook(current);
        }
        List<Replica> candidates = new ArrayList<>(movable.getOrDefault(target, List.of()));
        candidates.removeIf(other -> other.getWorkload() == replica.getWorkload());
        Collections.shuffle(candidates, random);
        List<Destination> ejected = new ArrayList<>();
        int start = cleanestStart(replica, target, List.of());
        while (start < 0 && ejected.size() < MAX_EJECTED && ejected.size() < candidates.size()) {
            Replica other = candidates.get(ejected.size());
            Destination out = new Destination(other, target, other.start());
            unbook(out);
            ejected.add(out);
            start = cleanestStart(replica, target, List.of());
        }
        List<Destination> destinations = new ArrayList<>(ejected.size() + 1);
        if (start >= 0 && !ejected.isEmpty()) {
            Destination moved = new Destination(replica, target, start);
            book(moved);
            destinations.add(moved);
            place(ejected.stream().map(Destination::replica).toList(), Set.of(target), List.of(), destinations);
        }
        destinations.forEach(this::unbook);
        ejected.forEach(this::book);
        if (current != null) {
            book(current);
        }
        return destinations.size() == ejected.size() + 1 ? destinations : List.of();
    }

    /** Books the replicas largest first, each where it costs least, until one fits nowhere. */
    private void place(List<Replica> replicas, Set<Node> closed, List<Node> openable, List<Destination> placed) {
        List<Replica> largestFirst = new ArrayList<>(replicas);
        largestFirst.sort(Comparator.comparingDouble((Replica replica) -> GreedyPlacer.size(replica.getWorkload())).reversed());
        for (Replica replica : largestFirst) {
            Destination destination = cheapest(replica, closed, openable, placed);
            if (destination == null) {
                return;
            }
            book(destination);
            placed.add(destination);
        }
    }

    /** The node on (or openable), not closed, where the replica costs least; null when none can take it. */
    private Destination cheapest(Replica replica, Set<Node> closed, List<Node> openable, List<Destination> placed) {
        Workload workload = replica.getWorkload();
        Destination best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Node node : plan.getNodes()) {
            if (closed.contains(node) || !ledger().isOn(node) && !openable.contains(node)) {
                continue;
            }
            int start = cleanestStart(replica, node, placed);
            if (start < 0) {
                continue;
            }
            boolean discouraged = node.untoleratedTaints(workload.tolerations(), false) > 0;
            double cost = prices.cost(replica, node, start, false, discouraged) + prices.headroomCost(ledger(), node, workload, start);
            if (cost < bestCost) {
                bestCost = cost;
                best = new Destination(replica, node, start);
            }
        }
        return best;
    }

    /** The cleanest start at which the node has room for the replica and the rules allow it there; -1 if none. */
    private int cleanestStart(Replica replica, Node node, List<Destination> placed) {
        Workload workload = replica.getWorkload();
        if (!plan.getEligibility().allows(workload, node) || workload.antiAffinity() && hostsWorkload(node, workload, placed)) {
            return -1;
        }
        long[] demand = LoadLedger.demandOf(node, workload.request());
        for (int start : prices.startsByIntensity(workload, node.zone())) {
            if (ledger().fits(node, demand, start, start + workload.durationSlots())) {
                return start;
            }
        }
        return -1;
    }

    private boolean hostsWorkload(Node node, Workload workload, List<Destination> placed) {
        if (antiAffine.getOrDefault(workload, Set.of()).contains(node)) {
            return true;
        }
        for (Destination destination : placed) {
            if (destination.node() == node && destination.replica().getWorkload() == workload) {
                return true;
            }
        }
        return false;
    }

    private LoadLedger ledger() {
        if (ledger == null) {
            LoadLedger loads = new LoadLedger(plan.getNodes(), plan.getHorizon().slots());
            for (Replica replica : plan.getReplicas()) {
                Node node = replica.getNode();
                if (node != null) {
                    loads.commit(node, LoadLedger.demandOf(node, replica.getWorkload().request()), replica.start(), replica.getEndSlot());
                }
            }
            ledger = loads;
        }
        return ledger;
    }

    private void book(Destination destination) {
        ledger().commit(destination.node(), demandOf(destination), destination.startSlot(), destination.endSlot());
    }

    private void unbook(Destination destination) {
        ledger().release(destination.node(), demandOf(destination), destination.startSlot(), destination.endSlot());
    }

    private static long[] demandOf(Destination destination) {
        return LoadLedger.demandOf(destination.node(), destination.replica().getWorkload().request());
    }

    private static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
