package io.heliostat.solver.generator;

import java.util.List;
import java.util.Objects;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

/**
 * A generated fleet with its witness: one placement of every replica that breaks no hard rule, built
 * alongside the workloads to prove the fleet feasible. The plan's replicas are left unplaced; the witness
 * is there for tests and benchmarks that want a known feasible starting point or a sanity check.
 */
public record GeneratedFleet(FleetPlan plan, List<WitnessPlacement> witness) {

    /** Where the witness puts one replica, and when it starts (its release slot). */
    public record WitnessPlacement(Replica replica, Node node, int startSlot) {

        public WitnessPlacement {
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(node, "node");
        }
    }

    public GeneratedFleet {
        Objects.requireNonNull(plan, "plan");
        witness = List.copyOf(witness);
    }

    /** Places every replica of the plan where the witness puts it (overwriting any placement it has). */
    public void applyWitness() {
        for (WitnessPlacement placement : witness) {
            placement.replica().setNode(placement.node());
            placement.replica().setStartSlot(placement.startSlot());
        }
    }
}
