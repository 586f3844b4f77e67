package io.heliostat.controller.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;

/**
 * The live plan as the background re-optimisation must see it: nodes that take no new work (never reported,
 * Suspect, Lost, draining) carry the NoSchedule taint Kubernetes puts on unreachable nodes, so no move goes there, and what
 * runs on them is pinned, so no move comes off them either: a Suspect node may be back in a beat, and a Lost
 * node's workloads are placed anew when it is found lost.
 */
final class ClosedNodes {

    /** Kubernetes' taint for a node whose status is unknown. */
    static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", "", TaintEffect.NO_SCHEDULE);

    private ClosedNodes() {
    }

    static FleetPlan close(FleetPlan plan, Set<String> closed) {
        if (closed.isEmpty()) {
            return plan;
        }
        List<Node> nodes = plan.getNodes().stream().map(node -> !closed.contains(node.id()) ? node
                : new Node(node.id(), node.cluster(), node.capacity(), node.power(), node.powerBudgetWatts(), node.labels(),
                        Stream.concat(node.taints().stream(), Stream.of(UNREACHABLE)).toList(), node.runtimes(), node.index()))
                .toList();
        List<Replica> replicas = new ArrayList<>();
        for (Replica replica : plan.getReplicas()) {
            Node node = replica.getNode() == null ? null : nodes.get(replica.getNode().index());
            Replica copy = new Replica(replica.getWorkload(), replica.getOrdinal(), node, replica.getStartSlot());
            copy.setCurrentNode(replica.getCurrentNode() == null ? null : nodes.get(replica.getCurrentNode().index()));
            copy.setPinned(replica.isPinned() || node != null && closed.contains(node.id()));
            replicas.add(copy);
        }
        return new FleetPlan(plan.getHorizon(), plan.getPolicy(), plan.getZones(), plan.getClusters(), nodes, plan.getWorkloads(),
                replicas);
    }
}
