package io.heliostat.solver.constraints;

import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.replicas;
import static io.heliostat.solver.testing.TestFleet.unplaced;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.solver.constraints.justifications.NodeSwitchedOn;
import io.heliostat.solver.constraints.justifications.ReplicaCarbon;
import io.heliostat.solver.constraints.justifications.ReplicaEnergy;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.testing.TestFleet;

/**
 * Carbon (mg CO2e) and energy (mWh), incremental and idle. Unless a test says otherwise: 2 one-hour slots,
 * zone es at 200 then 100 g/kWh, default nodes (4000 m, 100 W idle, 300 W at full CPU: 1000 m adds
 * 1000/4000 x 200 W = 50 W). W x h x g/kWh = mg; W x h x 1000 = mWh.
 *
 * <p>A replica's own carbon and energy match in µg at its workload's prices (the default carbon 1.0 makes a mg
 * 1000 µg; {@link #ENERGY_PRICED} makes a mWh 1 µg); the idle ones match in mg and mWh, their weights price them.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
class CarbonAndEnergyConstraintsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    /** At the default policy's carbon of 1.0. */
    private static final long MICROGRAMS_PER_MILLIGRAM = 1000;
    /** The default policy with energy at 1 g/kWh, that is 1 µg per mWh: the default leaves energy free. */
    private static final PlacementPolicy ENERGY_PRICED = TestFleet.prices().energy(1.0).build();

    private final TestFleet fleet = new TestFleet(2);
    private final Zone es = fleet.zone("es", 200, 100);
    private final Cluster madrid = fleet.cluster("eu-south-2", es);
    private final Node n1 = fleet.node("n1", madrid).build();
    private final Node n2 = fleet.node("n2", madrid).build();

    @Nested
    @DisplayName(PlacementConstraints.OPERATIONAL_CARBON)
    class OperationalCarbon {

        @Test
        void replicaCostsItsIncrementalDrawTimesTheIntensityOfItsSlots() {
            Workload web = fleet.service("web").cpu(1000).build();

            // 50 W x (200 + 100) g/kWh x 1 h = 15000 mg, x 1000 µg/mg
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(web, 0, n1)))
                    .justifiesWith(new ReplicaCarbon("web#0", "n1", "es", 50.0, 15.0))
                    .penalizesBy(15_000 * MICROGRAMS_PER_MILLIGRAM);
        }

        @Test
        void unplacedReplicaEmitsNothing() {
            Workload web = fleet.service("web").build();

            // no node, no draw
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(unplaced(web, 0)))
                    .penalizes(0);
        }

        @Test
        void carbonFreeGridCostsNothing() {
            Node solar = fleet.node("solar-1", fleet.cluster("solar-site", fleet.zone("sun", 0, 0))).build();
            Workload web = fleet.service("web").build();

            // 50 W x (0 + 0) g/kWh x 1 h = 0 mg
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(web, 0, solar)))
                    .penalizesBy(0);
        }

        @ParameterizedTest(name = "a replica of {0} m emits {1} mg")
        @CsvSource({
                // 1000/4000 x 200 W = 50 W; 50 x 300 = 15000
                "1000, 15000",
                // 3000/4000 x 200 W = 150 W; 150 x 300 = 45000
                "3000, 45000"})
        void carbonGrowsWithTheCpuShare(long cpuMillis, long milligrams) {
            Workload web = fleet.service("web").cpu(cpuMillis).build();

            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(web, 0, n1)))
                    .penalizesBy(milligrams * MICROGRAMS_PER_MILLIGRAM);
        }

        @ParameterizedTest(name = "a one-slot job starting at slot {0} emits {1} mg")
        @CsvSource({
                // 50 W x 200 g/kWh x 1 h = 10000
                "0, 10000",
                // 50 W x 100 g/kWh x 1 h = 5000
                "1, 5000"})
        void deferringAJobToACleanerSlotEmitsLess(int startSlot, long milligrams) {
            Workload batch = fleet.job("batch").build();

            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(batch, 0, n1, startSlot)))
                    .penalizesBy(milligrams * MICROGRAMS_PER_MILLIGRAM);
        }

        @Test
        void cleanerZoneEmitsLess() {
            Node lyon = fleet.node("lyon-1", fleet.cluster("eu-west-3", fleet.zone("fr", 30, 20))).build();
            Workload web = fleet.service("web").build();

            // 50 W x (30 + 20) g/kWh x 1 h = 2500 mg (15000 in es)
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(web, 0, lyon)))
                    .penalizesBy(2500 * MICROGRAMS_PER_MILLIGRAM);
        }

        @Test
        void busyGpuAddsItsWatts() {
            Node gpuNode = fleet.node("gpu-1", madrid).gpus(1).wattsPerGpu(250).build();
            Workload inference = fleet.service("inference").cpu(0).gpus(1).build();

            // 0 W of CPU + 250 W for the GPU = 250 W x 300 g/kWh x 1 h = 75000 mg
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(inference, 0, gpuNode)))
                    .penalizesBy(75_000 * MICROGRAMS_PER_MILLIGRAM);
        }

        @Test
        void shorterSlotsEmitLess() {
            TestFleet halfHours = new TestFleet(2, 0.5);
            Node node = halfHours.node("n1", halfHours.cluster("eu-south-2", halfHours.zone("es", 200, 100))).build();
            Workload web = halfHours.service("web").build();

            // 50 W x (200 + 100) g/kWh x 0.5 h = 7500 mg
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(halfHours.with(replica(web, 0, node)))
                    .penalizesBy(7500 * MICROGRAMS_PER_MILLIGRAM);
        }

        @Test
        void workloadWithItsOwnPolicyPaysItsOwnPrice() {
            Workload green = fleet.service("green").policy(TestFleet.prices().carbon(2.0).build()).build();
            Workload web = fleet.service("web").build();

            // each 50 W x 300 g/kWh x 1 h = 15000 mg; green at carbon 2.0: x 2000 µg/mg = 30000000;
            // web at the plan's 1.0: x 1000 µg/mg = 15000000. 45000000
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(green, 0, n1), replica(web, 0, n2)))
                    .justifiesWith(new ReplicaCarbon("green#0", "n1", "es", 50.0, 15.0))
                    .penalizesBy(45_000_000);
        }

        @Test
        void workloadPricesCarbonThePlanLeavesFree() {
            fleet.policy(TestFleet.prices().carbon(0).build());
            Workload green = fleet.service("green").policy(TestFleet.prices().carbon(1.5).build()).build();
            Workload web = fleet.service("web").build();

            // green: 15000 mg x 1500 µg/mg = 22500000; web at the plan's carbon 0: no match
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(green, 0, n1), replica(web, 0, n2)))
                    .justifiesWithExactly(new ReplicaCarbon("green#0", "n1", "es", 50.0, 15.0))
                    .penalizesBy(22_500_000);
        }

        @Test
        void workloadThatLeavesCarbonFreeHasNoMatch() {
            Workload indifferent = fleet.service("indifferent").policy(TestFleet.prices().carbon(0).build()).build();

            // its own carbon 0 beats the plan's 1.0: 15000 mg x 0 µg/mg, no match
            VERIFIER.verifyThat(PlacementConstraints::operationalCarbon)
                    .given(fleet.with(replica(indifferent, 0, n1)))
                    .penalizes(0);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.IDLE_CARBON)
    class IdleCarbon {

        @Test
        void nodeHostingWorkEmitsItsIdleDrawOverTheHorizon() {
            Workload web = fleet.service("web").build();

            // 100 W x (200 + 100) g/kWh x 1 h = 30000 mg
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(replica(web, 0, n1)))
                    .justifiesWithExactly(new NodeSwitchedOn("n1", "es", 100.0, 30.0, "g CO2e"))
                    .penalizesBy(30_000);
        }

        @Test
        void emptyNodesEmitNothing() {
            Workload web = fleet.service("web").build();

            // n1 and n2 host nothing (the replica is unplaced): off
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(unplaced(web, 0)))
                    .penalizes(0);
        }

        @Test
        void idleCarbonIsCountedOncePerNodeHoweverManyReplicasItHosts() {
            Workload web = fleet.service("web").replicas(3).build();

            // 3 replicas on n1: n1 is on once, 30000 mg; n2 is off
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(replicas(web, n1, n1, n1)))
                    .penalizesBy(30_000);
        }

        @Test
        void penaltyGrowsWithTheNodesSwitchedOn() {
            Workload web = fleet.service("web").replicas(2).build();

            // n1 and n2 on: 2 x 30000 = 60000 mg
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(replicas(web, n1, n2)))
                    .penalizesBy(60_000);
        }

        @Test
        void shortJobStillKeepsItsNodeOnForTheHorizon() {
            Workload batch = fleet.job("batch").build();

            // the job runs slot 1 only; n1 is on for the horizon: 100 W x 300 g/kWh x 1 h = 30000 mg
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(replica(batch, 0, n1, 1)))
                    .penalizesBy(30_000);
        }

        @Test
        void forecastBeyondTheHorizonIsNotCounted() {
            Node node = fleet.node("forecast-1", fleet.cluster("forecast", fleet.zone("long", 200, 100, 400, 400))).build();
            Workload web = fleet.service("web").build();

            // the zone has 4 values, the horizon 2 slots: 100 W x (200 + 100) g/kWh x 1 h = 30000 mg, not 110000
            VERIFIER.verifyThat(PlacementConstraints::idleCarbon)
                    .given(fleet.with(replica(web, 0, node)))
                    .penalizesBy(30_000);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.ENERGY)
    class Energy {

        Energy() {
            fleet.policy(ENERGY_PRICED);
        }

        @Test
        void replicaCostsItsIncrementalDrawOverItsRun() {
            Workload web = fleet.service("web").build();

            // 50 W x 2 slots x 1 h = 100 Wh = 100000 mWh, x 1 µg/mWh
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(web, 0, n1)))
                    .justifiesWith(new ReplicaEnergy("web#0", "n1", 100.0))
                    .penalizesBy(100_000);
        }

        @Test
        void unplacedReplicaUsesNothing() {
            Workload web = fleet.service("web").build();

            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(unplaced(web, 0)))
                    .penalizes(0);
        }

        @Test
        void energyGrowsWithTheCpuShareAndTheRunLength() {
            Workload big = fleet.service("big").cpu(2000).build();
            Workload batch = fleet.job("batch").build();

            // big: 100 W x 2 h = 200000 mWh; batch: 50 W x 1 h = 50000 mWh. 250000 mWh x 1 µg/mWh
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(big, 0, n1), replica(batch, 0, n2, 1)))
                    .penalizesBy(250_000);
        }

        @Test
        void energyDoesNotDependOnTheGrid() {
            Node solar = fleet.node("solar-1", fleet.cluster("solar-site", fleet.zone("sun", 0, 0))).build();
            Workload web = fleet.service("web").build();

            // 0 g/kWh, still 50 W x 2 h = 100000 mWh x 1 µg/mWh
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(web, 0, solar)))
                    .penalizesBy(100_000);
        }

        @Test
        void defaultPolicyLeavesEnergyFree() {
            fleet.policy(PlacementPolicy.ofDefaults());
            Workload web = fleet.service("web").build();

            // 100000 mWh x 0 µg/mWh: no match
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(web, 0, n1)))
                    .penalizes(0);
        }

        @Test
        void workloadPricesEnergyThePlanLeavesFree() {
            fleet.policy(PlacementPolicy.ofDefaults());
            Workload metered = fleet.service("metered").policy(TestFleet.prices().energy(3.0).build()).build();
            Workload web = fleet.service("web").build();

            // metered: 100000 mWh x 3 µg/mWh = 300000; web at the plan's 0 g/kWh: no match
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(metered, 0, n1), replica(web, 0, n2)))
                    .justifiesWithExactly(new ReplicaEnergy("metered#0", "n1", 100.0))
                    .penalizesBy(300_000);
        }

        @Test
        void workloadThatLeavesEnergyFreeHasNoMatch() {
            Workload web = fleet.service("web").build();
            Workload unmetered = fleet.service("unmetered").policy(PlacementPolicy.ofDefaults()).build();

            // web at the plan's 1 g/kWh: 100000 mWh x 1 µg/mWh = 100000; unmetered at its own 0: no match
            VERIFIER.verifyThat(PlacementConstraints::energy)
                    .given(fleet.with(replica(web, 0, n1), replica(unmetered, 0, n2)))
                    .justifiesWithExactly(new ReplicaEnergy("web#0", "n1", 100.0))
                    .penalizesBy(100_000);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.IDLE_ENERGY)
    class IdleEnergy {

        @Test
        void nodeHostingWorkUsesItsIdleDrawOverTheHorizon() {
            Workload web = fleet.service("web").build();

            // 100 W x 2 slots x 1 h = 200 Wh = 200000 mWh
            VERIFIER.verifyThat(PlacementConstraints::idleEnergy)
                    .given(fleet.with(replica(web, 0, n1)))
                    .justifiesWithExactly(new NodeSwitchedOn("n1", "es", 100.0, 200.0, "Wh"))
                    .penalizesBy(200_000);
        }

        @Test
        void emptyNodesUseNothing() {
            Workload web = fleet.service("web").build();

            VERIFIER.verifyThat(PlacementConstraints::idleEnergy)
                    .given(fleet.with(unplaced(web, 0)))
                    .penalizes(0);
        }

        @Test
        void idleEnergyIsCountedOncePerNodeHoweverManyReplicasItHosts() {
            Workload web = fleet.service("web").replicas(3).build();

            // 3 replicas on n1, 1 on n2: 2 nodes x 200000 = 400000 mWh
            VERIFIER.verifyThat(PlacementConstraints::idleEnergy)
                    .given(fleet.with(replicas(web, n1, n1, n2)))
                    .penalizesBy(400_000);
        }

        @Test
        void forecastBeyondTheHorizonIsNotCounted() {
            Node node = fleet.node("forecast-1", fleet.cluster("forecast", fleet.zone("long", 200, 100, 400, 400))).build();
            Workload web = fleet.service("web").build();

            // the zone has 4 values, the horizon 2 slots: 100 W x 2 h = 200000 mWh, not 400000
            VERIFIER.verifyThat(PlacementConstraints::idleEnergy)
                    .given(fleet.with(replica(web, 0, node)))
                    .penalizesBy(200_000);
        }
    }
}
