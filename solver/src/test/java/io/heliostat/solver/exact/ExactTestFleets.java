package io.heliostat.solver.exact;

import java.util.List;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.testing.TestFleet;

/** Fleets built by hand for the exact checks, under {@link CarbonOnly#POLICY}. */
final class ExactTestFleets {

    private ExactTestFleets() {
    }

    /**
     * Three nodes and four replicas over two one-hour slots, whose optimum {@code ExactOptimumTest} works out
     * by hand. North is clean and flat, south dirty at night (slot 0) and sunny in slot 1:
     * <ul>
     * <li>zones: north 100, 100 g/kWh; south 500, 50 g/kWh;</li>
     * <li>north-1, north-2 (residency NO): 4000 m, 100 W idle, 300 W at full CPU, so 1000 m adds 50 W;</li>
     * <li>south-1 (residency ES): 4000 m, 10 W idle, 210 W at full CPU, so 1000 m adds 50 W too;</li>
     * <li>web: a service of two 1000 m replicas, anti-affine; ledger: one 1000 m replica that must stay in
     *     Norway; batch: a 2000 m job of one slot, any time in the two.</li>
     * </ul>
     */
    static FleetPlan tiny() {
        TestFleet fleet = new TestFleet(2).policy(CarbonOnly.POLICY);
        Zone north = fleet.zone("north", 100, 100);
        Zone south = fleet.zone("south", 500, 50);
        Cluster oslo = fleet.cluster("oslo").zone(north).residency("NO").build();
        Cluster seville = fleet.cluster("seville").zone(south).residency("ES").build();
        fleet.node("north-1", oslo).power(100, 300).build();
        fleet.node("north-2", oslo).power(100, 300).build();
        fleet.node("south-1", seville).power(10, 210).build();
        fleet.service("web").replicas(2).antiAffinity().build();
        fleet.service("ledger").residency("NO").build();
        fleet.job("batch").cpu(2000).build();
        return fleet.plan(List.of());
    }
}
