package io.heliostat.solver.exact;

import java.util.Collections;
import java.util.List;
import java.util.Set;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;

/**
 * The objective the Planner and the exact model are compared on: carbon alone. Under {@link #POLICY} the only
 * soft constraints with a non-zero weight are operational and idle carbon, at 1000 µg per mg, so a plan's soft
 * score is exactly {@code -1000 x} {@link #milligrams(FleetPlan)}.
 */
final class CarbonOnly {

    /**
     * Carbon at 1.0; energy, latency, migration, headroom and PreferNoSchedule at 0 (their constraints then
     * weigh nothing). The headroom target and sandbox weights must be valid values but price nothing here.
     */
    static final PlacementPolicy POLICY = new PlacementPolicy(1.0, 0, 0, 0,
            PlacementPolicy.DEFAULT_HEADROOM_TARGET, 0, 0, MigrationMode.PENALISE,
            PlacementPolicy.DEFAULT_SANDBOX_SECURITY_WEIGHT, PlacementPolicy.DEFAULT_SANDBOX_PERFORMANCE_WEIGHT);

    private CarbonOnly() {
    }

    /** The same fleet and workloads under {@link #POLICY}, every replica new and unplaced. */
    static FleetPlan problem(FleetPlan fleet) {
        return new FleetPlan(fleet.getHorizon(), POLICY, fleet.getZones(), fleet.getClusters(), fleet.getNodes(),
                fleet.getWorkloads(), List.of());
    }

    /**
     * The carbon of a plan as the carbon constraints count it, in mg: each placed replica's operational carbon
     * plus the idle carbon over the horizon of every node hosting anything.
     */
    static long milligrams(FleetPlan plan) {
        long carbon = 0;
        Set<Node> switchedOn = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Replica replica : plan.getReplicas()) {
            if (replica.getNode() != null) {
                carbon += replica.carbonMilligrams();
                switchedOn.add(replica.getNode());
            }
        }
        for (Node node : switchedOn) {
            carbon += PlacementConstraints.idleCarbonMilligrams(node, plan.getHorizon());
        }
        return carbon;
    }
}
