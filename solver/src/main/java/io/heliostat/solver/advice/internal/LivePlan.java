package io.heliostat.solver.advice.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.heliostat.solver.analysis.internal.ConstraintMatches;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Session;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetFacts;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.NodeEligibility;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.placement.LoadLedger;
import io.heliostat.solver.placement.SoftPrices;

/**
 * The plan an advisor keeps up to date: a score director session on it (which scores a trial move in tens of
 * microseconds), the load its replicas put on every node in every slot, and the fleet's facts. The session
 * and the ledger change together: a replica's load is booked once it stays where a move put it.
 */
public final class LivePlan implements AutoCloseable {

    private final Horizon horizon;
    private final PlacementPolicy policy;
    private final List<Zone> zones;
    private final List<Cluster> clusters;
    private final List<Node> nodes;
    private final NodeEligibility eligibility;
    private final Map<String, Node> nodesById = new HashMap<>();
    private final SoftPrices prices;
    private final LoadLedger ledger;
    private final Session session;

    private LivePlan(FleetPlan plan, Session session) {
        this.horizon = plan.getHorizon();
        this.policy = plan.getPolicy();
        this.zones = plan.getZones();
        this.clusters = plan.getClusters();
        this.nodes = plan.getNodes();
        this.eligibility = plan.getEligibility();
        this.prices = new SoftPrices(plan);
        this.ledger = new LoadLedger(nodes, horizon.slots());
        this.session = session;
        nodes.forEach(node -> nodesById.put(node.id(), node));
        for (Workload workload : session.workloads()) {
            session.replicas(workload).forEach(this::book);
        }
    }

    /** Opens a session on a planning clone of {@code plan}: seconds on a 50,000-replica plan. */
    public static LivePlan open(ConstraintMatches constraintMatches, FleetPlan plan) {
        Session session = constraintMatches.openGrowing(plan);
        try {
            return new LivePlan(plan, session);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public Horizon horizon() {
        return horizon;
    }

    public Session session() {
        return session;
    }

    public LoadLedger ledger() {
        return ledger;
    }

    public SoftPrices prices() {
        return prices;
    }

    public NodeEligibility eligibility() {
        return eligibility;
    }

    public Optional<Node> node(String nodeId) {
        return Optional.ofNullable(nodesById.get(nodeId));
    }

    /** The clusters the location has no RTT to. */
    public List<String> unreachableClusters(UserLocation location) {
        return clusters.stream().filter(cluster -> !location.reaches(cluster)).map(Cluster::id).toList();
    }

    /**
     * Books the load of a replica where it is now. Like the constraints, it counts only a replica with a node
     * and a start slot: Timefold does not score one that has a node and no start.
     */
    public void book(Replica replica) {
        if (replica.getNode() != null && replica.getStartSlot() != null) {
            ledger.commit(replica.getNode(), LoadLedger.demandOf(replica.getNode(), replica.getWorkload().request()),
                    replica.start(), replica.getEndSlot());
        }
    }

    /** Takes a workload and its replicas out of the plan, their load with them. */
    public void remove(Workload workload) {
        List<Replica> replicas = session.replicas(workload);
        session.removeWorkload(workload);
        replicas.forEach(this::release);
    }

    /** Moves a replica of the plan to {@code node} from {@code startSlot}, its load with it. */
    public void relocate(Replica replica, Node node, Integer startSlot) {
        release(replica);
        session.move(replica, node, startSlot);
        book(replica);
    }

    private void release(Replica replica) {
        if (replica.getNode() != null && replica.getStartSlot() != null) {
            ledger.release(replica.getNode(), LoadLedger.demandOf(replica.getNode(), replica.getWorkload().request()),
                    replica.start(), replica.getEndSlot());
        }
    }

    /**
     * A new plan of what the live plan holds, sharing its immutable facts: every placed replica runs where it
     * is ({@code currentNode} = {@code node}), so that a solve of it pays for every move.
     */
    public FleetPlan snapshot() {
        return copy(zones, clusters, nodes);
    }

    /**
     * As {@link #snapshot}, with the zones named given new intensities (g/kWh per slot): zones are immutable,
     * so their clusters and nodes are new objects too.
     */
    public FleetPlan snapshotWithIntensities(Map<String, double[]> gramsPerKwhByZone) {
        FleetFacts facts = new FleetFacts(zones, clusters, nodes).withIntensities(gramsPerKwhByZone);
        return copy(facts.zones(), facts.clusters(), facts.nodes());
    }

    /** The plan with these facts; nodes are matched by index, replicas copied. */
    private FleetPlan copy(List<Zone> withZones, List<Cluster> withClusters, List<Node> withNodes) {
        Function<Node, Node> renamed = node -> node == null ? null : withNodes.get(node.index());
        List<Replica> replicas = new ArrayList<>();
        for (Workload workload : session.workloads()) {
            for (Replica replica : session.replicas(workload)) {
                Node node = renamed.apply(replica.getNode());
                Replica copy = new Replica(workload, replica.getOrdinal(), node, replica.getStartSlot());
                copy.setCurrentNode(node);
                copy.setPinned(replica.isPinned());
                replicas.add(copy);
            }
        }
        return new FleetPlan(horizon, policy, withZones, withClusters, withNodes, session.workloads(), replicas);
    }

    @Override
    public void close() {
        session.close();
    }
}
