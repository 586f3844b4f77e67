package io.heliostat.solver.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.io.ProblemFileReader;
import io.heliostat.solver.placement.GreedyPlacer.Strategy;
import io.heliostat.solver.testing.TestFleet;

/**
 * The planner: construction, then local search, within the settings' limits. Solves are short (1-2 s) and
 * assert what the plan is, never how fast it came.
 */
class PlannerTest {

    /** Tests run in the solver module; the example lives at the repository's root. */
    private static final Path DEMO_FLEET = Path.of("..", "examples", "fleets", "demo-fleet.json");

    /** Short solves: small fleets settle well within a second. */
    private static final PlannerSettings SHORT = new PlannerSettings(Duration.ofSeconds(1), Duration.ofMillis(500), 0);

    /**
     * Two clean nodes and one dirty one over 4 hourly slots; a spread service (one replica running on the
     * dirty node), an anti-affine cache and a deferrable job: every replica fits, with choices to make.
     */
    private static FleetPlan smallFleet(MigrationMode mode) {
        TestFleet f = new TestFleet(4).policy(TestFleet.policyWithMigrationMode(mode));
        Cluster north = f.cluster("north", f.zone("north", 30, 20, 10, 40));
        Cluster south = f.cluster("south", f.zone("south", 300, 200, 100, 400));
        f.node("north-1", north).build();
        f.node("north-2", north).build();
        Node south1 = f.node("south-1", south).build();
        UserLocation users = f.users("users", Map.of(north, 30, south, 10));
        Workload web = f.service("web").users(users).spread(TopologyKey.NODE, 2).replicas(2).build();
        f.service("cache").memory(2048).antiAffinity().replicas(2).build();
        f.job("report").cpu(2000).duration(2).build();
        Replica running = new Replica(web, 0);
        running.setCurrentNode(south1);
        return f.plan(List.of(running));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UnderFullAssert {

        private FleetPlan problem;
        private FleetPlan solved;

        @BeforeAll
        void solve() {
            problem = smallFleet(MigrationMode.PENALISE);
            // FULL_ASSERT recomputes the score from scratch after every move and fails on any difference
            // from the incremental score: a solve that returns had no score corruption.
            solved = new Planner(SHORT, EnvironmentMode.FULL_ASSERT).solve(problem, progress -> { });
        }

        @Test
        void theSolveKeepsEveryHardRuleAndPlacesEveryReplica() {
            assertThat(solved.getScore().hardScore()).isZero();
            assertThat(solved.getScore().mediumScore()).isZero();
            assertThat(solved.getReplicas()).hasSize(5).allSatisfy(replica -> assertThat(replica.getNode()).isNotNull());
        }

        @Test
        void theReturnedScoreIsThePlansOwn() {
            HardMediumSoftScore reported = solved.getScore();

            assertThat(new Planner(SHORT).score(solved)).isEqualTo(reported);
        }

        @Test
        void theReturnedPlanIsACopyAndTheProblemIsLeftAsItWas() {
            assertThat(solved).isNotSameAs(problem);
            assertThat(problem.getScore()).isNull();
            assertThat(problem.getReplicas()).allSatisfy(replica -> {
                assertThat(replica.getNode()).isNull();
                assertThat(replica.getStartSlot()).isNull();
            });
            assertThat(problem.getReplicas().get(0).getCurrentNode().id()).isEqualTo("south-1");
            Set<Replica> problemReplicas = Collections.newSetFromMap(new IdentityHashMap<>());
            problemReplicas.addAll(problem.getReplicas());
            assertThat(solved.getReplicas()).noneMatch(problemReplicas::contains);
        }
    }

    @Test
    void pinnedReplicasStayWhereTheyRun() {
        // PIN: web#0 runs on south-1 (300-400 g/kWh against 10-40 in the north) and must stay there.
        FleetPlan problem = smallFleet(MigrationMode.PIN);

        FleetPlan solved = new Planner(SHORT, EnvironmentMode.FULL_ASSERT).solve(problem, progress -> { });

        assertThat(solved.getReplicas().get(0)).satisfies(replica -> {
            assertThat(replica.getId()).isEqualTo("web#0");
            assertThat(replica.isPinned()).isTrue();
            assertThat(replica.getNode().id()).isEqualTo("south-1");
        });
        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.getScore().mediumScore()).isZero();
    }

    @Test
    void aSolveEndsOnItsTimeLimitWhenTheUnimprovedLimitIsLonger() {
        // Only the 1 s limit can end this solve: the unimproved limit is 30 s. The test asserts that the
        // solve returns with a plan, not how long it took.
        PlannerSettings settings = new PlannerSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);

        FleetPlan solved = new Planner(settings).solve(smallFleet(MigrationMode.PENALISE), progress -> { });

        assertThat(solved.getScore()).isNotNull();
        assertThat(solved.getScore().hardScore()).isZero();
    }

    /**
     * Four small nodes and a big one, all off; four replicas of which no two share a small node (2 x 10240 MiB
     * > 16384 MiB). Over 4 h at 100 g/kWh a small node idles at 100 W (40 g), the big one at 150 W (60 g), and
     * a replica adds 100 W (40 g) on either. Replica by replica a small node is cheaper (80 g against 100 g),
     * so the construction switches on all four: 4 x 80 = 320 g. Moving one replica to the big node costs
     * 60 - 40 = 20 g more, and ruin-and-recreate puts each replica back on a small node; only moving them
     * together gets to 60 + 4 x 40 = 220 g.
     */
    @Test
    void replicasAloneOnSmallNodesMoveTogetherToOneBigNode() {
        TestFleet f = new TestFleet(4);
        for (int i = 1; i <= 4; i++) {
            f.node("small-" + i);
        }
        f.nodeSpec("big").cpu(16_000).memory(65_536).power(150, 950).build();
        f.service("portal").cpu(2000).memory(10_240).replicas(4).build();

        FleetPlan solved = new Planner(SHORT, EnvironmentMode.FULL_ASSERT).solve(f.plan(List.of()), progress -> { });

        assertThat(solved.getScore().hardScore()).isZero();
        assertThat(solved.getReplicas()).hasSize(4).allSatisfy(replica -> assertThat(replica.getNode().id()).isEqualTo("big"));
    }

    /** The demo fleet: 30 nodes, every rule, replicas running already; the baselines place it differently. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnTheDemoFleet {

        private final Planner planner = new Planner(new PlannerSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
        private final List<Progress> reports = new ArrayList<>();
        private FleetPlan solved;

        @BeforeAll
        void solve() throws IOException {
            solved = planner.solve(demoFleet(), reports::add);
        }

        @Test
        void theFirstReportIsTheConstructedPlan() throws IOException {
            FleetPlan constructed = demoFleet();
            GreedyPlacer.Construction construction = GreedyPlacer.place(constructed, Strategy.CARBON_COST);
            construction.apply();
            HardMediumSoftScore constructedScore = planner.score(constructed);

            assertThat(construction.unplaced()).as("the construction places the whole demo fleet").isZero();
            assertThat(reports).isNotEmpty();
            assertThat(reports.getFirst().bestScore()).isEqualTo(constructedScore);
            assertThat(reports.getFirst().feasible()).isTrue();
        }

        @Test
        void noReportIsWorseThanAnEarlierOneAndTheLastIsThePlanReturned() {
            for (int i = 1; i < reports.size(); i++) {
                assertThat(reports.get(i).bestScore()).as("report %d", i).isGreaterThanOrEqualTo(reports.get(i - 1).bestScore());
                assertThat(reports.get(i).elapsed()).isGreaterThanOrEqualTo(reports.get(i - 1).elapsed());
            }
            assertThat(reports.getLast().bestScore()).isEqualTo(solved.getScore());
        }

        @ParameterizedTest
        @EnumSource(Baseline.class)
        void thePlanIsNeverWorseThanABaseline(Baseline baseline) throws IOException {
            FleetPlan baselinePlan = planner.baseline(demoFleet(), baseline);

            assertThat(solved.getScore()).isGreaterThanOrEqualTo(baselinePlan.getScore());
        }

        @ParameterizedTest
        @EnumSource(Baseline.class)
        void aBaselineIsAScoredPlanThatKeepsEveryHardRule(Baseline baseline) throws IOException {
            FleetPlan baselinePlan = planner.baseline(demoFleet(), baseline);

            HardMediumSoftScore score = baselinePlan.getScore();
            assertThat(score).isNotNull();
            assertThat(score.hardScore()).isZero();
            assertThat(baselinePlan.getReplicas()).anySatisfy(replica -> assertThat(replica.getNode()).isNotNull());
            // The score set is the plan's own: scoring it again gives the same.
            assertThat(planner.score(baselinePlan)).isEqualTo(score);
        }

        @ParameterizedTest
        @EnumSource(Baseline.class)
        void aBaselineIsItsGreedyStrategysPlacement(Baseline baseline) throws IOException {
            Strategy strategy = Strategy.valueOf(baseline.name()); // SPREAD and GREEDY_CARBON share their names
            FleetPlan viaPlanner = planner.baseline(demoFleet(), baseline);
            FleetPlan viaPlacer = demoFleet();
            GreedyPlacer.place(viaPlacer, strategy).apply();

            for (int i = 0; i < viaPlanner.getReplicas().size(); i++) {
                Replica expected = viaPlacer.getReplicas().get(i);
                Replica actual = viaPlanner.getReplicas().get(i);
                assertThat(actual.getNode() == null ? null : actual.getNode().id()).as(actual.getId())
                        .isEqualTo(expected.getNode() == null ? null : expected.getNode().id());
                assertThat(actual.getStartSlot()).as(actual.getId()).isEqualTo(expected.getStartSlot());
            }
        }
    }

    private static FleetPlan demoFleet() throws IOException {
        return new ProblemFileReader().read(DEMO_FLEET);
    }
}
