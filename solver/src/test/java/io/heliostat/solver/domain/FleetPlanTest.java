package io.heliostat.solver.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

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

    @Test
    void eachWorkloadMovesOrStaysAsItsOwnPolicySays() {
        TestFleet fleet = new TestFleet(2);
        Node node = fleet.node("n1");
        Workload database = fleet.service("database").policy(TestFleet.policyWithMigrationMode(MigrationMode.PIN)).build();
        Workload web = fleet.service("web").build();
        Workload batch = fleet.service("batch").policy(TestFleet.policyWithMigrationMode(MigrationMode.PENALISE)).build();
        Supplier<List<Replica>> running = () -> Stream.of(database, web, batch).map(workload -> {
            Replica replica = new Replica(workload, 0);
            replica.setCurrentNode(node);
            return replica;
        }).toList();

        // the plan's policy pins too, but batch's own penalises: only its replica is the solver's to move
        List<Replica> replicas = fleet.policy(TestFleet.policyWithMigrationMode(MigrationMode.PIN)).plan(running.get()).getReplicas();
        assertThat(replicas).extracting(Replica::getId, Replica::isPinned)
                .containsExactly(tuple("database#0", true), tuple("web#0", true), tuple("batch#0", false));

        // the plan's policy penalises: only database's own pins it
        List<Replica> again = fleet.policy(PlacementPolicy.ofDefaults()).plan(running.get()).getReplicas();
        assertThat(again).extracting(Replica::getId, Replica::isPinned)
                .containsExactly(tuple("database#0", true), tuple("web#0", false), tuple("batch#0", false));
    }

    @Test
    void aWorkloadGivenAPolicyIsANewWorkloadWithEverythingElseTheSame() {
        TestFleet fleet = new TestFleet(2);
        Workload web = fleet.service("web").replicas(3).build();
        PlacementPolicy latencyFirst = TestFleet.prices().latency(5.0).build();

        Workload priced = web.withPolicy(latencyFirst);

        assertThat(web.policy()).isEmpty();
        assertThat(priced.policy()).contains(latencyFirst);
        assertThat(priced).isNotSameAs(web).usingRecursiveComparison().ignoringFields("policy").isEqualTo(web);
        assertThat(priced.policyOr(PlacementPolicy.ofDefaults())).isSameAs(latencyFirst);
        assertThat(web.policyOr(PlacementPolicy.ofDefaults())).isEqualTo(PlacementPolicy.ofDefaults());
    }
}
