package io.heliostat.solver.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.PlannerSettings;
import io.heliostat.solver.testing.TestFleet;

/**
 * 4 one-hour slots; TestFleet's nodes draw 100 W idle and 50 W more per core. A 1-core service emits 20 g over
 * the horizon in osl (clean, 100 g/kWh) and 80 g in fra (dirty, 400 g/kWh); a node switched on adds 40 g in osl,
 * 160 g in fra. Each move costs the default 10 g of migration.
 */
class FleetReoptimiserTest {

    private static final FleetReoptimiser REOPTIMISER = new FleetReoptimiser(PlannerSettings.ofDefaults()
            .withTimeLimit(Duration.ofSeconds(1)));

    private final TestFleet fleet = new TestFleet(4);
    private final Cluster osl = fleet.cluster("osl", fleet.flatZone("clean", 100));
    private final Cluster fra = fleet.cluster("fra", fleet.flatZone("dirty", 400));
    private final Node c1 = fleet.node("c1", osl).build();
    private final Node d1 = fleet.node("d1", fra).build();
    private final Node d2 = fleet.node("d2", fra).build();
    private final Workload a = fleet.service("a").build();
    private final Workload b = fleet.service("b").build();

    /** A replica that runs on {@code node} now: moving it costs migration. */
    private static Replica running(Workload workload, Node node) {
        return TestFleet.moved(workload, 0, node, node);
    }

    @Test
    void proposesTheSolvedPlansMovesWithTheCarbonEachSaves() {
        FleetPlan now = fleet.plan(List.of(running(a, d1), running(b, d1)));

        List<ProposedMove> moves = REOPTIMISER.propose(now);

        assertThat(moves).containsExactlyInAnyOrder(
                new ProposedMove("a", 0, "d1", "fra", 0, "c1", "osl", 0, 80_000, 20_000),
                new ProposedMove("b", 0, "d1", "fra", 0, "c1", "osl", 0, 80_000, 20_000));
        assertThat(now.getReplicas()).allMatch(replica -> replica.getNode() == d1);
    }

    @Test
    void makesNoMoreMovesOutOfAClusterThanItsLimitBestFirst() {
        FleetPlan now = fleet.plan(List.of(running(a, d1), running(b, d1)));

        Reoptimisation round = REOPTIMISER.select(now, REOPTIMISER.propose(now), 1);

        // Equal savings: replica ids break the tie.
        assertThat(round.moves()).extracting(ProposedMove::replicaId).containsExactly("a#0");
        assertThat(round.heldBack()).singleElement().satisfies(held -> {
            assertThat(held.move().replicaId()).isEqualTo("b#0");
            assertThat(held.reason()).isEqualTo(HeldBackMove.Reason.CLUSTER_MOVE_LIMIT);
        });
        // Before: 80 + 80 + 160 (d1 on) = 320 g. After: b 80 + d1 160 + a 20 + c1 40 = 300 g.
        assertThat(round.carbonGramsSaved()).isCloseTo(20.0, within(1e-9));
        // 20 g saved less 10 g of migration.
        assertThat(round.scoreAfter().softScore() - round.scoreBefore().softScore()).isEqualTo(10_000_000);
    }

    @Test
    void movesEveryReplicaWhenTheLimitAllows() {
        FleetPlan now = fleet.plan(List.of(running(a, d1), running(b, d1)));

        Reoptimisation round = REOPTIMISER.select(now, REOPTIMISER.propose(now), 20);

        assertThat(round.moves()).hasSize(2);
        assertThat(round.heldBack()).isEmpty();
        // 320 g before; 20 + 20 + 40 after.
        assertThat(round.carbonGramsSaved()).isCloseTo(240.0, within(1e-9));
        assertThat(round.totalsAfter().moves()).isEqualTo(2);
    }

    @Test
    void holdsBackAMoveWhoseReplicaIsNoLongerWhereTheSolveFoundIt() {
        List<ProposedMove> proposed = REOPTIMISER.propose(fleet.plan(List.of(running(a, d1), running(b, c1))));
        // Meanwhile a was moved to d2.
        FleetPlan later = fleet.plan(List.of(running(a, d2), running(b, c1)));

        Reoptimisation round = REOPTIMISER.select(later, proposed, 20);

        assertThat(round.moves()).isEmpty();
        assertThat(round.heldBack()).extracting(HeldBackMove::reason).containsExactly(HeldBackMove.Reason.STALE);
        assertThat(round.carbonGramsSaved()).isZero();
    }

    @Test
    void holdsBackAMoveThatDoesNotPayForItself() {
        FleetPlan now = fleet.plan(List.of(running(a, c1), running(b, c1)));
        // To d1: +60 g operational, +160 g idle, +10 g migration.
        ProposedMove dirtier = new ProposedMove("a", 0, "c1", "osl", 0, "d1", "fra", 0, 20_000, 80_000);

        Reoptimisation round = REOPTIMISER.select(now, List.of(dirtier), 20);

        assertThat(round.moves()).isEmpty();
        assertThat(round.heldBack()).extracting(HeldBackMove::reason).containsExactly(HeldBackMove.Reason.NO_GAIN_ALONE);
        assertThat(round.scoreAfter()).isEqualTo(round.scoreBefore());
    }

    /**
     * At 35 g a move, one replica moving to c1 saves 60 g of its own but switches c1 on (+40 g): -15 g. Both
     * together save 120 g and switch d1 off (160 g), for c1's 40 g and 70 g of migration: +170 g.
     */
    @Test
    void makesMovesThatPayOnlyTogetherAtOnce() {
        fleet.policy(new PlacementPolicy(1.0, 0, 0.2, 35, 0.85, 0.5, 20, MigrationMode.PENALISE, 0.5, 0.5));
        FleetPlan now = fleet.plan(List.of(running(a, d1), running(b, d1)));
        List<ProposedMove> proposed = REOPTIMISER.propose(now);

        Reoptimisation round = REOPTIMISER.select(now, proposed, 20);

        assertThat(round.moves()).extracting(ProposedMove::replicaId).containsExactlyInAnyOrder("a#0", "b#0");
        assertThat(round.heldBack()).isEmpty();
        assertThat(round.scoreAfter().softScore() - round.scoreBefore().softScore()).isEqualTo(170_000_000);
        // Within a limit of one move out of fra, they cannot go together, and alone neither pays.
        Reoptimisation limited = REOPTIMISER.select(now, proposed, 1);
        assertThat(limited.moves()).isEmpty();
        assertThat(limited.heldBack()).extracting(HeldBackMove::reason).containsOnly(HeldBackMove.Reason.NO_GAIN_ALONE);
    }

    /**
     * "stateful" is priced by its own policy, 500 g a move; "web" by the plan's, 10 g. Both run on d1. Web alone
     * to c1 saves 60 g of its own for c1's 40 g and 10 g of migration: 10 g better. Both together would save
     * 120 g and d1's 160 g for c1's 40 g and 510 g of migration: 230 g worse.
     */
    @Test
    void aWorkloadsOwnPolicyHoldsInTheSolveAndInTheNextRound() {
        TestFleet own = new TestFleet(4);
        own.node("c1", own.cluster("osl", own.flatZone("clean", 100))).build();
        Node dirty = own.node("d1", own.cluster("fra", own.flatZone("dirty", 400))).build();
        Workload web = own.service("web").build();
        PlacementPolicy costlyMoves = TestFleet.prices().migration(500).build();
        Workload stateful = own.service("stateful").policy(costlyMoves).build();
        try (PlacementAdvisor advisor = new PlacementAdvisor(own.plan(List.of(running(web, dirty), running(stateful, dirty))))) {
            FleetPlan snapshot = advisor.snapshot();

            Reoptimisation round = REOPTIMISER.select(snapshot, REOPTIMISER.propose(snapshot), 20);

            assertThat(round.moves()).extracting(ProposedMove::replicaId).containsExactly("web#0");
            assertThat(round.scoreAfter().softScore() - round.scoreBefore().softScore()).isEqualTo(10_000_000);

            // The move taken into the live plan, the next round's snapshot still prices stateful at its own 500 g.
            advisor.adopt(web, List.of(new Assignment("c1", 0)));
            FleetPlan next = advisor.snapshot();
            assertThat(next.getWorkloads()).filteredOn(workload -> workload.id().equals("stateful"))
                    .singleElement().satisfies(workload -> assertThat(workload.policy()).contains(costlyMoves));
            assertThat(REOPTIMISER.propose(next)).isEmpty();
        }
    }

    @Test
    void placesAReplicaThatWaitsForRoomCountingItAgainstTheClusterItJoins() {
        FleetPlan now = fleet.plan(List.of(running(a, d1), TestFleet.unplaced(b, 0)));

        List<ProposedMove> proposed = REOPTIMISER.propose(now);
        Reoptimisation round = REOPTIMISER.select(now, proposed, 1);

        ProposedMove placing = proposed.stream().filter(ProposedMove::placesWaitingReplica).findFirst().orElseThrow();
        assertThat(placing.replicaId()).isEqualTo("b#0");
        assertThat(placing.churnedCluster()).isEqualTo(placing.toCluster());
        assertThat(round.moves()).contains(placing);
        assertThat(round.totalsAfter().replicasUnplaced()).isZero();
    }
}
