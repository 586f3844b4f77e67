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
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/** The policy's prices turned into weights: every soft unit priced in µg CO2e-equivalent. */
class ConstraintWeightsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private static final Horizon HOURLY = new Horizon(TestFleet.START, Duration.ofHours(1), 24);

    @Test
    void defaultPolicyPricesEachUnitAsDocumented() {
        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY);

        assertThat(weights.getConstraintWeight(OPERATIONAL_CARBON)).isEqualTo(soft(1000));   // 1 mg x 1.0 = 1000 µg
        assertThat(weights.getConstraintWeight(IDLE_CARBON)).isEqualTo(soft(1000));
        assertThat(weights.getConstraintWeight(ENERGY)).isEqualTo(soft(0));                  // 0 g/kWh: energy is free
        assertThat(weights.getConstraintWeight(IDLE_ENERGY)).isEqualTo(soft(0));
        assertThat(weights.getConstraintWeight(LATENCY)).isEqualTo(soft(200_000));           // 1 ms x 0.2 g = 200000 µg
        assertThat(weights.getConstraintWeight(MIGRATION)).isEqualTo(soft(10_000_000));      // 1 move x 10 g
        assertThat(weights.getConstraintWeight(HEADROOM)).isEqualTo(soft(500));              // 1 m-slot = 1/1000 core-h x 0.5 g = 500 µg
        assertThat(weights.getConstraintWeight(PREFER_NO_SCHEDULE)).isEqualTo(soft(20_000_000)); // 1 replica x 20 g
    }

    @Test
    void customPolicyPricesEachUnitAsDocumented() {
        PlacementPolicy policy = new PlacementPolicy(1.5, 3.0, 0.05, 2.5, 0.8, 4.0, 0.5, MigrationMode.PENALISE, 0.5, 0.5);
        Horizon quarterHours = new Horizon(TestFleet.START, Duration.ofMinutes(15), 96);

        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overrides(policy, quarterHours);

        assertThat(weights.getConstraintWeight(OPERATIONAL_CARBON)).isEqualTo(soft(1500));   // 1000 x 1.5
        assertThat(weights.getConstraintWeight(IDLE_CARBON)).isEqualTo(soft(1500));
        assertThat(weights.getConstraintWeight(ENERGY)).isEqualTo(soft(3));                  // 1 mWh x 3 g/kWh = 3 µg
        assertThat(weights.getConstraintWeight(IDLE_ENERGY)).isEqualTo(soft(3));
        assertThat(weights.getConstraintWeight(LATENCY)).isEqualTo(soft(50_000));            // 10^6 x 0.05
        assertThat(weights.getConstraintWeight(MIGRATION)).isEqualTo(soft(2_500_000));       // 10^6 x 2.5
        assertThat(weights.getConstraintWeight(HEADROOM)).isEqualTo(soft(1000));             // 1000 x 0.25 h x 4 g
        assertThat(weights.getConstraintWeight(PREFER_NO_SCHEDULE)).isEqualTo(soft(500_000)); // 10^6 x 0.5
    }

    @Test
    void onlyTheSoftConstraintsAreWeightedByThePolicy() {
        ConstraintWeightOverrides<HardMediumSoftScore> weights = ConstraintWeights.overrides(PlacementPolicy.ofDefaults(), HOURLY);

        assertThat(weights.getKnownConstraintIds()).isEqualTo(Set.copyOf(PlacementConstraints.SOFT));
        assertThat(weights.getConstraintWeight(PlacementConstraints.CPU_CAPACITY)).isNull();
        assertThat(weights.getConstraintWeight(PlacementConstraints.UNPLACED)).isNull();
    }

    /**
     * One replica of 3600 m (180 W) on a spot node n1, moved there from n2, 10 ms from its users, in zone
     * es at 200 then 100 g/kWh over 2 one-hour slots; policy: carbon 2.0, energy 3 g/kWh, latency 0.5 g/ms,
     * migration 4 g, headroom 0.85 at 2 g/core-h, PreferNoSchedule 1 g.
     */
    @Test
    void planSoftScoreIsMicrogramsOfCo2eEquivalent() {
        TestFleet fleet = new TestFleet(2);
        fleet.policy(new PlacementPolicy(2.0, 3.0, 0.5, 4.0, 0.85, 2.0, 1.0, MigrationMode.PENALISE, 0.5, 0.5));
        Cluster madrid = fleet.cluster("eu-south-2", fleet.zone("es", 200, 100));
        Node spot = fleet.node("n1", madrid).taint("spot", "", TaintEffect.PREFER_NO_SCHEDULE).build();
        Node other = fleet.node("n2", madrid).build();
        Workload web = fleet.service("web").cpu(3600).users(fleet.users("madrid", Map.of(madrid, 10))).build();
        FleetPlan plan = fleet.plan(List.of(moved(web, 0, other, spot)));

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

    private static HardMediumSoftScore soft(long microgramsPerUnit) {
        return HardMediumSoftScore.ofSoft(microgramsPerUnit);
    }
}
