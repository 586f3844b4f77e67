package io.heliostat.solver.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.testing.TestFleet;

class FleetPlanTest {

    private static final SolutionManager<FleetPlan, HardMediumSoftScore> SOLUTION_MANAGER = SolutionManager.create(
            SolverFactory.create(new SolverConfig()
                    .withSolutionClass(FleetPlan.class)
                    .withEntityClasses(Replica.class)
                    .withConstraintProviderClass(PlacementConstraints.class)));

    @Test
    void pinnedReplicaWithoutAStartSlotIsGivenItsStartAndCanBeScored() {
        TestFleet fleet = new TestFleet(2).policy(TestFleet.policyWithMigrationMode(MigrationMode.PIN));
        Node node = fleet.node("n1");
        Workload web = fleet.service("web").build();
        Replica running = new Replica(web, 0);   // read from the current placement: a node, no start slot
        running.setCurrentNode(node);

        FleetPlan plan = fleet.plan(List.of(running));

        Replica pinned = plan.getReplicas().get(0);
        assertThat(pinned.isPinned()).isTrue();
        assertThat(pinned.getNode()).isSameAs(node);
        assertThat(pinned.getStartSlot()).isZero();
        // Timefold refuses a pinned entity with an unassigned variable; scoring must now work
        assertThat(SOLUTION_MANAGER.update(plan).isFeasible()).isTrue();
    }

    @Test
    void penaliseModeLeavesTheRunningReplicaToTheSolver() {
        TestFleet fleet = new TestFleet(2);
        Node node = fleet.node("n1");
        Workload web = fleet.service("web").build();
        Replica running = new Replica(web, 0);
        running.setCurrentNode(node);

        Replica replica = fleet.plan(List.of(running)).getReplicas().get(0);

        assertThat(replica.isPinned()).isFalse();
        assertThat(replica.getNode()).isNull();
    }
}
