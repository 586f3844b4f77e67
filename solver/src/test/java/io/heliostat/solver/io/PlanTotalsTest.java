package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.placement.PlacementModel;

class PlanTotalsTest {

    /**
     * The tiny fleet: zone clean [10, 20, 30, 40] g/kWh (sum 100), zone dirty [400, 300, 200, 100] (sum 1000),
     * one-hour slots. n1 (clean) idles at 50 W and peaks at 150 W over 4 cores; s1 (dirty) 100 W / 300 W.
     * web (1 core, users 30 ms from north and 10 ms from south) runs all 4 slots; job (2 cores) runs 2.
     * web#0 runs on s1 now.
     */
    private static FleetPlan tinyPlacedAs(String web0, String web1, String job0, Integer jobStart) {
        FleetPlan plan = TinyFleet.read();
        assign(plan, "web#0", web0, 0);
        assign(plan, "web#1", web1, 0);
        assign(plan, "job#0", job0, jobStart);
        return plan;
    }

    private static void assign(FleetPlan plan, String replicaId, String nodeId, Integer startSlot) {
        Replica replica = plan.getReplicas().stream().filter(r -> r.getId().equals(replicaId)).findFirst().orElseThrow();
        Node node = nodeId == null ? null : plan.getNodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElseThrow();
        replica.setNode(node);
        replica.setStartSlot(startSlot);
    }

    @Test
    void addsUpCarbonEnergyLatencyAndMovesOfAHandComputedFleet() {
        FleetPlan plan = tinyPlacedAs("n1", "s1", "n1", 0);

        PlanTotals totals = PlanTotals.of(plan);

        // Operational carbon, incremental W x sum of g/kWh over the run x 1 h = mg:
        //   web#0 on n1: 1/4 of (150 - 50) W = 25 W; x 100 (all of clean) = 2,500 mg
        //   web#1 on s1: 1/4 of (300 - 100) W = 50 W; x 1000 (all of dirty) = 50,000 mg
        //   job#0 on n1 in slots 0-1: 2/4 of 100 W = 50 W; x (10 + 20) = 1,500 mg
        assertThat(totals.operationalCarbonMilligrams()).isEqualTo(2_500 + 50_000 + 1_500);
        // Idle carbon of the two switched-on nodes over the horizon: 50 W x 100 + 100 W x 1000.
        assertThat(totals.idleCarbonMilligrams()).isEqualTo(5_000 + 100_000);
        assertThat(totals.carbonGrams()).isEqualTo(159.0);
        // Incremental energy, W x slots x 1 h x 1000 = mWh: 25 x 4 + 50 x 4 + 50 x 2 = 400 Wh.
        assertThat(totals.incrementalEnergyMilliwattHours()).isEqualTo(400_000);
        // Idle energy: (50 + 100) W x 4 h = 600 Wh.
        assertThat(totals.idleEnergyMilliwattHours()).isEqualTo(600_000);
        assertThat(totals.energyKwh()).isEqualTo(1.0);
        // Latency of web's replicas only (job has no users): 30 ms and 10 ms; mean 20,
        // p95 by nearest rank = the ceil(0.95 x 2) = 2nd smallest = 30.
        assertThat(totals.meanLatencyMs()).isEqualTo(OptionalDouble.of(20));
        assertThat(totals.p95LatencyMs()).isEqualTo(OptionalInt.of(30));
        // web#0 left s1, where it runs now.
        assertThat(totals.moves()).isEqualTo(1);
        assertThat(totals.replicasPlaced()).isEqualTo(3);
        assertThat(totals.replicasUnplaced()).isZero();
        assertThat(totals.nodesSwitchedOn()).isEqualTo(2);
    }

    @Test
    void anUnplacedReplicaCountsNeitherCarbonNorAMove() {
        // web#0 (running on s1 now) is left unplaced; the rest on n1, so s1 is off.
        FleetPlan plan = tinyPlacedAs(null, "n1", "n1", 2);

        PlanTotals totals = PlanTotals.of(plan);

        // web#1: 25 W x 100 = 2,500 mg; job#0 in slots 2-3: 50 W x (30 + 40) = 3,500 mg.
        assertThat(totals.operationalCarbonMilligrams()).isEqualTo(6_000);
        // Only n1 is on: 50 W x 100.
        assertThat(totals.idleCarbonMilligrams()).isEqualTo(5_000);
        assertThat(totals.moves()).isZero();
        assertThat(totals.replicasPlaced()).isEqualTo(2);
        assertThat(totals.replicasUnplaced()).isEqualTo(1);
        assertThat(totals.nodesSwitchedOn()).isEqualTo(1);
        assertThat(totals.meanLatencyMs()).isEqualTo(OptionalDouble.of(30));
    }

    @Test
    void aPlanWithoutUserLocationsHasNoLatency() {
        FleetPlan plan = tinyPlacedAs(null, null, "n1", 0);

        PlanTotals totals = PlanTotals.of(plan);

        assertThat(totals.meanLatencyMs()).isEmpty();
        assertThat(totals.p95LatencyMs()).isEmpty();
    }

    @Test
    void totalsAgreeWithTheScoreTheConstraintsGive() {
        FleetPlan plan = tinyPlacedAs("n1", "s1", "n1", 0);
        // Scoring, unlike score analysis, is not a commercial feature of Timefold 2.
        SolutionManager<FleetPlan, HardMediumSoftScore> solutions =
                SolutionManager.create(SolverFactory.create(PlacementModel.solverConfig()));

        HardMediumSoftScore score = solutions.update(plan);
        PlanTotals totals = PlanTotals.of(plan);

        // At the default policy the soft score, in µg, is: 1000 per mg of carbon (operational and idle),
        // 200,000 per ms of latency (0.2 g) summed over web's replicas (30 + 10 ms), 10,000,000 per move
        // (10 g); energy is free and no node is above its headroom (n1 peaks at 3 of 4 cores, target 3.4).
        long expectedSoft = -(1000 * totals.carbonMilligrams() + 200_000 * (30 + 10) + 10_000_000L * totals.moves());
        assertThat(score).isEqualTo(HardMediumSoftScore.of(0, 0, expectedSoft));
        assertThat(expectedSoft).isEqualTo(-177_000_000);
    }
}
