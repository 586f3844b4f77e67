package io.heliostat.solver.analysis;

import io.heliostat.solver.constraints.justifications.CapacityExceeded;
import io.heliostat.solver.constraints.justifications.ColocationMissing;
import io.heliostat.solver.constraints.justifications.DeadlineMissed;
import io.heliostat.solver.constraints.justifications.DiscouragedTaints;
import io.heliostat.solver.constraints.justifications.Explanation;
import io.heliostat.solver.constraints.justifications.HeadroomExceeded;
import io.heliostat.solver.constraints.justifications.LatencySloExceeded;
import io.heliostat.solver.constraints.justifications.NodeSwitchedOn;
import io.heliostat.solver.constraints.justifications.ReplicaCarbon;
import io.heliostat.solver.constraints.justifications.ReplicaEnergy;
import io.heliostat.solver.constraints.justifications.ReplicaLatency;
import io.heliostat.solver.constraints.justifications.ReplicaMoved;
import io.heliostat.solver.constraints.justifications.ReplicaUnplaced;
import io.heliostat.solver.constraints.justifications.ReplicasShareNode;
import io.heliostat.solver.constraints.justifications.ResidencyViolated;
import io.heliostat.solver.constraints.justifications.SandboxUnavailable;
import io.heliostat.solver.constraints.justifications.SelectorMismatch;
import io.heliostat.solver.constraints.justifications.SpreadTooNarrow;
import io.heliostat.solver.constraints.justifications.UntoleratedTaints;
import io.heliostat.solver.domain.Replica;

/**
 * Which replicas a justification concerns. The justifications carry ids as strings; the switches are
 * exhaustive over the sealed {@link Explanation}, so a new justification does not compile until it is
 * attributed here.
 */
final class Attribution {

    private Attribution() {
    }

    static Scope scope(Explanation explanation) {
        return switch (explanation) {
            case CapacityExceeded e -> Scope.NODE_SLOT;
            case HeadroomExceeded e -> Scope.NODE_SLOT;
            case NodeSwitchedOn e -> Scope.NODE;
            case SpreadTooNarrow e -> Scope.WORKLOAD;
            case SelectorMismatch e -> Scope.REPLICA;
            case UntoleratedTaints e -> Scope.REPLICA;
            case SandboxUnavailable e -> Scope.REPLICA;
            case ResidencyViolated e -> Scope.REPLICA;
            case LatencySloExceeded e -> Scope.REPLICA;
            case ReplicasShareNode e -> Scope.REPLICA;
            case ColocationMissing e -> Scope.REPLICA;
            case DeadlineMissed e -> Scope.REPLICA;
            case ReplicaUnplaced e -> Scope.REPLICA;
            case ReplicaCarbon e -> Scope.REPLICA;
            case ReplicaEnergy e -> Scope.REPLICA;
            case ReplicaLatency e -> Scope.REPLICA;
            case ReplicaMoved e -> Scope.REPLICA;
            case DiscouragedTaints e -> Scope.REPLICA;
        };
    }

    /**
     * True when the match names the replica, or the load of its node in a slot it runs, or its node being
     * on, or its workload's spread.
     */
    static boolean concerns(Explanation explanation, Replica replica) {
        String id = replica.getId();
        return switch (explanation) {
            case CapacityExceeded e -> runsOn(replica, e.node(), e.slots());
            case HeadroomExceeded e -> runsOn(replica, e.node(), e.slots());
            case NodeSwitchedOn e -> replica.getNode() != null && replica.getNode().id().equals(e.node());
            case SpreadTooNarrow e -> replica.getWorkload().id().equals(e.workload());
            case ReplicasShareNode e -> id.equals(e.replica()) || id.equals(e.otherReplica());
            case SelectorMismatch e -> id.equals(e.replica());
            case UntoleratedTaints e -> id.equals(e.replica());
            case SandboxUnavailable e -> id.equals(e.replica());
            case ResidencyViolated e -> id.equals(e.replica());
            case LatencySloExceeded e -> id.equals(e.replica());
            case ColocationMissing e -> id.equals(e.replica());
            case DeadlineMissed e -> id.equals(e.replica());
            case ReplicaUnplaced e -> id.equals(e.replica());
            case ReplicaCarbon e -> id.equals(e.replica());
            case ReplicaEnergy e -> id.equals(e.replica());
            case ReplicaLatency e -> id.equals(e.replica());
            case ReplicaMoved e -> id.equals(e.replica());
            case DiscouragedTaints e -> id.equals(e.replica());
        };
    }

    /** True when the replica runs on the node in any of the slots. */
    private static boolean runsOn(Replica replica, String nodeId, java.util.List<Integer> slots) {
        if (replica.getNode() == null || !replica.getNode().id().equals(nodeId)) {
            return false;
        }
        return slots.stream().anyMatch(slot -> slot >= replica.start() && slot < replica.getEndSlot());
    }
}
