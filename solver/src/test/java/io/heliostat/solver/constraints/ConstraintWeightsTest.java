package io.heliostat.solver.constraints;

import static io.heliostat.solver.constraints.PlacementConstraints.ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.HEADROOM;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY;
import static io.heliostat.solver.constraints.PlacementConstraints.MIGRATION;
import static io.heliostat.solver.constraints.PlacementConstraints.OPERATIONAL_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.PREFER_NO_SCHEDULE;
import static io.heliostat.solver.testing.TestFleet.moved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/** The policy's prices turned into weights: every soft unit priced in µg CO2e-equivalent. */
class ConstraintWeightsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private static final Horizon HOURLY = new Horizon(TestFleet.START, Duration.ofHours(1), 24);

    @Test
    void defaultPolicyPricesEachUnitAsDocumented() {
        PlacementPolicy policy = PlacementPolicy.ofDefaults();

        assertThat(ConstraintWeights.carbonPerMilligram(policy)).isEqualTo(1000);                 // 1 mg x 1.0 = 1000 µg
        assertThat(ConstraintWeights.energyPerMilliwattHour(policy)).isZero();                    // 0 g/kWh: energy is free
        assertThat(ConstraintWeights.latencyPerMs(policy)).isEqualTo(200_000);                    // 1 ms x 0.2 g
        assertThat(ConstraintWeights.migrationPerMove(policy)).isEqualTo(10_000_000);             // 1 move x 10 g
        assertThat(ConstraintWeights.preferNoSchedulePerReplica(policy)).isEqualTo(20_000_000);   // 1 replica x 20 g
        assertThat(ConstraintWeights.headroomPerMillicoreSlot(policy, HOURLY)).isEqualTo(500);    // 1/1000 core-h x 0.5 g
    }

    @Test
    void customPolicyPricesEachUnitAsDocumented() {
        PlacementPolicy policy = new PlacementPolicy(1.5, 3.0, 0.05, 2.5, 0.8, 4.0, 0.5, MigrationMode.PENALISE, 0.5, 0.5);
        Horizon quarterHours = new Horizon(TestFleet.START, Duration.ofMinutes(15), 96);

        assertThat(ConstraintWeights.carbonPerMilligram(policy)).isEqualTo(1500);                 // 1000 x 1.5
        assertThat(ConstraintWeights.energyPerMilliwattHour(policy)).isEqualTo(3);                // 1 mWh x 3 g/kWh = 3 µg
        assertThat(ConstraintWeights.latencyPerMs(policy)).isEqualTo(50_000);                     // 10^6 x 0.05
        assertThat(ConstraintWeights.migrationPerMove(policy)).isEqualTo(2_500_000);              // 10^6 x 2.5
        assertThat(ConstraintWeights.preferNoSchedulePerReplica(policy)).isEqualTo(500_000);      // 10^6 x 0.5
        assertThat(ConstraintWeights.headroomPerMillicoreSlot(policy, quarterHours)).isEqualTo(1000); // 1000 x 0.25 h x 4 g
    }

    @Test
    void nodeCostsWeighAtThePlansPricesAndReplicaCostsAreOnWhereSomethingPricesThem() {
        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY);

        assertThat(weights.getConstraintWeight(IDLE_CARBON)).isEqualTo(soft(1000));         // µg per mg
        assertThat(weights.getConstraintWeight(IDLE_ENERGY)).isEqualTo(soft(0));            // µg per mWh: free
        assertThat(weights.getConstraintWeight(HEADROOM)).isEqualTo(soft(500));             // µg per millicore-slot
        // Matches of a replica's own costs are in µg already.
        assertThat(weights.getConstraintWeight(OPERATIONAL_CARBON)).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        assertThat(weights.getConstraintWeight(LATENCY)).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        assertThat(weights.getConstraintWeight(MIGRATION)).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        assertThat(weights.getConstraintWeight(PREFER_NO_SCHEDULE)).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        // Nothing prices energy: off, as Timefold then skips the constraint.
        assertThat(weights.getConstraintWeight(ENERGY)).isEqualTo(HardMediumSoftScore.ZERO);
    }

    @Test
    void workloadsOwnPolicyTurnsOnWhatThePlansLeavesFree() {
        TestFleet fleet = new TestFleet(2);
        Workload metered = fleet.service("metered").policy(TestFleet.prices().energy(3.0).build()).build();
        Workload plain = fleet.service("plain").build();

        assertThat(ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY, List.of(plain))
                .getConstraintWeight(ENERGY)).isEqualTo(HardMediumSoftScore.ZERO);
        assertThat(ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY, List.of(plain, metered))
                .getConstraintWeight(ENERGY)).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        // Idle energy is the node's: the plan's price, 0, whatever the workloads say.
        assertThat(ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY, List.of(plain, metered))
                .getConstraintWeight(IDLE_ENERGY)).isEqualTo(soft(0));
    }

    @Test
    void planThatWorkloadsMayJoinLaterHasEveryReplicaCostOn() {
        PlacementPolicy free = new PlacementPolicy(0, 0, 0, 0, 0.85, 0, 0, MigrationMode.PENALISE, 0.5, 0.5);

        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overridesForAnyWorkload(free, HOURLY);

        for (String constraint : List.of(OPERATIONAL_CARBON, ENERGY, LATENCY, MIGRATION, PREFER_NO_SCHEDULE)) {
            assertThat(weights.getConstraintWeight(constraint)).as(constraint).isEqualTo(HardMediumSoftScore.ONE_SOFT);
        }
        assertThat(weights.getConstraintWeight(IDLE_CARBON)).isEqualTo(soft(0));
    }

    @Test
    void onlyTheSoftConstraintsAreWeightedByThePolicy() {
        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY);

        assertThat(weights.getKnownConstraintIds()).isEqualTo(Set.copyOf(PlacementConstraints.SOFT));
        assertThat(weights.getConstraintWeight(PlacementConstraints.CPU_CAPACITY)).isNull();
        assertThat(weights.getConstraintWeight(PlacementConstraints.UNPLACED)).isNull();
    }

    /** Nodes n1 (spot) and n2 in eu-south-2 (zone es, 200 then 100 g/kWh), users 10 ms away, "web" of 3600 m. */
    private static final class Madrid {
        final TestFleet fleet = new TestFleet(2);
        final Cluster cluster = fleet.cluster("eu-south-2", fleet.zone("es", 200, 100));
        final Node spot = fleet.node("n1", cluster).taint("spot", "", TaintEffect.PREFER_NO_SCHEDULE).build();
        final Node other = fleet.node("n2", cluster).build();
        final UserLocation users = fleet.users("madrid", Map.of(cluster, 10));
        final Workload web = fleet.service("web").cpu(3600).users(users).build();

        Madrid(PlacementPolicy policy) {
            fleet.policy(policy);
        }
    }

    /**
     * One replica of 3600 m (180 W) on a spot node n1, moved there from n2, 10 ms from its users, in zone
     * es at 200 then 100 g/kWh over 2 one-hour slots; policy: carbon 2.0, energy 3 g/kWh, latency 0.5 g/ms,
     * migration 4 g, headroom 0.85 at 2 g/core-h, PreferNoSchedule 1 g.
     */
    @Test
    void planSoftScoreIsMicrogramsOfCo2eEquivalent() {
        Madrid madrid = new Madrid(new PlacementPolicy(2.0, 3.0, 0.5, 4.0, 0.85, 2.0, 1.0, MigrationMode.PENALISE, 0.5, 0.5));
        FleetPlan plan = madrid.fleet.plan(List.of(moved(madrid.web, 0, madrid.other, madrid.spot)));

        // operational carbon: 180 W x 300 g/kWh x 1 h = 54000 mg x 2000 µg/mg = 108000000
        // idle carbon:        100 W x 300 g/kWh x 1 h = 30000 mg x 2000 µg/mg =  60000000
        // energy:             180 W x 2 h = 360000 mWh x 3 µg/mWh            =   1080000
        // idle energy:        100 W x 2 h = 200000 mWh x 3 µg/mWh            =    600000
        // latency:            10 ms x 500000 µg/ms                           =   5000000
        // migration:          1 move x 4000000 µg                            =   4000000
        // headroom:           (3600 - 3400) m x 2 slots = 400 x 2000 µg      =    800000
        // PreferNoSchedule:   1 replica x 1000000 µg                         =   1000000
        //                                                              total = 180480000 µg = 180.48 g
        VERIFIER.verifyThat()
                .givenSolution(plan)
                .scores(HardMediumSoftScore.ofSoft(-180_480_000));
    }

    /**
     * The fleet above with a second replica, of "game" (1000 m, 50 W, on n2 where it runs now, 10 ms from its
     * users), under a policy of its own: carbon 0.5, energy 0, latency 5 g/ms, migration 200 g,
     * PreferNoSchedule 0; and the plan's policy with latency 0 and energy 0, which game's latency must not follow.
     */
    @Test
    void planSoftScoreIsMicrogramsOfCo2eEquivalentWithEachWorkloadAtItsOwnPrices() {
        Madrid madrid = new Madrid(new PlacementPolicy(2.0, 0, 0, 4.0, 0.85, 2.0, 1.0, MigrationMode.PENALISE, 0.5, 0.5));
        Workload game = madrid.fleet.service("game").users(madrid.users)
                .policy(new PlacementPolicy(0.5, 0, 5.0, 200, 0.5, 9.0, 0, MigrationMode.PENALISE, 0.5, 0.5)).build();
        FleetPlan plan = madrid.fleet.plan(List.of(moved(madrid.web, 0, madrid.other, madrid.spot),
                moved(game, 0, madrid.other, madrid.other)));

        // web, at the plan's prices:
        //   operational carbon: 180 W x 300 g/kWh x 1 h = 54000 mg x 2000 µg/mg  = 108000000
        //   latency, energy:    0 g/ms, 0 g/kWh                                   =         0
        //   migration:          1 move x 4000000 µg                               =   4000000
        //   PreferNoSchedule:   1 replica x 1000000 µg                            =   1000000
        // game, at its own:
        //   operational carbon: 50 W x 300 g/kWh x 1 h = 15000 mg x 500 µg/mg     =   7500000
        //   latency:            10 ms x 5000000 µg/ms                             =  50000000
        //   migration:          stays on n2                                       =         0
        // the nodes, at the plan's prices:
        //   idle carbon:        2 nodes x 100 W x 300 g/kWh x 1 h = 60000 mg x 2000 µg/mg = 120000000
        //   headroom:           n1 at the plan's 0.85: (3600 - 3400) m x 2 slots = 400 x 2000 µg = 800000
        //                                                                   total = 291300000 µg = 291.3 g
        VERIFIER.verifyThat()
                .givenSolution(plan)
                .scores(HardMediumSoftScore.ofSoft(-291_300_000));
    }

    private static HardMediumSoftScore soft(long microgramsPerUnit) {
        return HardMediumSoftScore.ofSoft(microgramsPerUnit);
    }
}
