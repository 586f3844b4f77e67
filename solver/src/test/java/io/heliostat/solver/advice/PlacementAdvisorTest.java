package io.heliostat.solver.advice;

import static io.heliostat.solver.constraints.PlacementConstraints.COLOCATION;
import static io.heliostat.solver.constraints.PlacementConstraints.CPU_CAPACITY;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY_SLO;
import static io.heliostat.solver.constraints.PlacementConstraints.NODE_SELECTOR;
import static io.heliostat.solver.constraints.PlacementConstraints.RESIDENCY;
import static io.heliostat.solver.constraints.PlacementConstraints.SANDBOX;
import static io.heliostat.solver.constraints.PlacementConstraints.SPREAD;
import static io.heliostat.solver.constraints.PlacementConstraints.TAINTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.analysis.Placement;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;
import io.heliostat.solver.testing.TestFleet;

/**
 * The arithmetic the tests share: 4 one-hour slots; TestFleet's nodes (4 cores, 100 W idle, 300 W at full
 * CPU) draw 50 W more per core requested. A 1-core service adds 50 W x 4 h = 0.2 kWh: 20 g CO2e in zone
 * "clean" (100 g/kWh), 80 g in "dirty" (400 g/kWh). Switching a node on adds its idle 100 W x 4 h = 0.4 kWh:
 * 40 g in "clean", 160 g in "dirty". Cluster osl is clean, fra dirty.
 */
class PlacementAdvisorTest {

    // Builds the score director factory once: scores of hand-made plans, to hold the advisor's scores against.
    private static final Planner PLANNER = new Planner(PlannerSettings.ofDefaults());

    private final TestFleet fleet = new TestFleet(4);
    private final Zone clean = fleet.flatZone("clean", 100);
    private final Zone dirty = fleet.flatZone("dirty", 400);

    /** Node c1 in cluster osl (clean), d1 in fra (dirty). */
    private void cleanAndDirtyNode() {
        fleet.node("c1", fleet.cluster("osl", clean)).build();
        fleet.node("d1", fleet.cluster("fra", dirty)).build();
    }

    /** As {@link #cleanAndDirtyNode}, with users {@code oslMs} from osl and {@code fraMs} from fra. */
    private UserLocation cleanAndDirtyNodeWithUsers(int oslMs, int fraMs) {
        Cluster osl = fleet.cluster("osl", clean);
        Cluster fra = fleet.cluster("fra", dirty);
        fleet.node("c1", osl).build();
        fleet.node("d1", fra).build();
        return fleet.users("users", Map.of(osl, oslMs, fra, fraMs));
    }

    /** Node c1 in cluster osl, d1 in fra, and users whose RTTs were measured before fra joined the fleet. */
    private UserLocation usersWithoutRttToFra() {
        Cluster osl = fleet.cluster("osl", clean);
        fleet.node("c1", osl).build();
        UserLocation elsewhere = fleet.users("elsewhere", Map.of(osl, 10));
        fleet.node("d1", fleet.cluster("fra", dirty)).build();
        return elsewhere;
    }

    private PlacementAdvisor advisor(Replica... placed) {
        return new PlacementAdvisor(fleet.plan(List.of(placed)));
    }

    private static String nodeOf(ReplicaDecision decision) {
        return decision.placement().orElseThrow().node();
    }

    private static ReplicaDecision only(Recommendation recommendation) {
        assertThat(recommendation.replicas()).hasSize(1);
        return recommendation.replicas().getFirst();
    }

    @Test
    void picksTheGreenerNodeAndSaysWhatTheOtherWouldCost() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            Workload web = fleet.service("web").build();

            ReplicaDecision decision = only(advisor.recommend(web, 3));

            assertThat(decision.placement()).contains(new Placement("c1", "osl", "clean", 0, 4));
            // (50 W + 100 W idle, as it switches c1 on) x 100 g/kWh = 15 g/h.
            assertThat(decision.gramsPerHour()).isCloseTo(15.0, within(1e-9));
            assertThat(decision.alternatives()).singleElement().satisfies(alternative -> {
                assertThat(alternative.placement().node()).isEqualTo("d1");
                assertThat(alternative.feasible()).isTrue();
                // d1: 80 g operational + 160 g idle against 20 g + 40 g on c1.
                assertThat(alternative.scoreDifference()).isEqualTo(HardMediumSoftScore.ofSoft(-180_000_000));
                // 150 W x 400 g/kWh = 60 g/h against 15 g/h.
                assertThat(alternative.extraGramsPerHour()).isCloseTo(45.0, within(1e-9));
                assertThat(alternative.reason()).isEqualTo("costs +180 g CO2e-eq: Idle carbon +120 g, Operational carbon +60 g");
            });
        }
    }

    /**
     * Users 60 ms from osl (clean) and 5 ms from fra (dirty), both nodes off. On c1 a 1-core service costs 20 g
     * + 40 g idle and 60 ms; on d1 80 g + 160 g idle and 5 ms. Idle carbon is the node's: the plan's price.
     */
    @Test
    void workloadsUnderDifferentPoliciesChooseDifferentNodesInOneFleet() {
        UserLocation users = cleanAndDirtyNodeWithUsers(60, 5);
        try (PlacementAdvisor advisor = advisor()) {
            Workload game = fleet.service("game").users(users).policy(TestFleet.prices().latency(5.0).build()).build();
            Workload batch = fleet.service("batch").users(users).policy(TestFleet.prices().carbon(2.0).latency(0).build()).build();
            Workload web = fleet.service("web").users(users).build();

            Recommendation forGame = advisor.recommend(game, 1);
            // latency-first, 5 g/ms: d1 80 + 160 + 25 = 265 g; c1 20 + 40 + 300 = 360 g
            assertThat(nodeOf(only(forGame))).isEqualTo("d1");
            assertThat(only(forGame).alternatives()).singleElement()
                    .satisfies(c1 -> assertThat(c1.scoreDifference()).isEqualTo(HardMediumSoftScore.ofSoft(-95_000_000)));
            advisor.accept(forGame);

            // carbon counts double, latency free: c1 40 + 40 = 80 g against 160 g more on d1, already on
            Recommendation forBatch = advisor.recommend(batch, 1);
            assertThat(nodeOf(only(forBatch))).isEqualTo("c1");
            assertThat(only(forBatch).alternatives()).singleElement()
                    .satisfies(d1 -> assertThat(d1.scoreDifference()).isEqualTo(HardMediumSoftScore.ofSoft(-80_000_000)));
            advisor.accept(forBatch);

            // web at the plan's prices (carbon 1.0, 0.2 g/ms), both nodes on: c1 20 + 12 = 32 g, d1 80 + 1 = 81 g
            assertThat(nodeOf(only(advisor.recommend(web, 0)))).isEqualTo("c1");

            // The snapshot (web's recommendation, not accepted, withdrawn) keeps each workload's policy, and the
            // planner scores it as the advisor did, each workload at its own prices.
            FleetPlan snapshot = advisor.snapshot();
            assertThat(snapshot.getWorkloads()).extracting(Workload::policy).containsExactly(game.policy(), batch.policy());
            assertThat(PLANNER.score(snapshot)).isEqualTo(only(forBatch).score());
        }
    }

    /**
     * No workload in the live plan prices energy, and neither does the plan's policy: "metered" does, at 1 kg/kWh.
     * c1 (clean) runs hot, 150 W per core: 0.6 kWh, 60 g + 40 g idle; d1 (dirty) 50 W: 0.2 kWh, 80 g + 160 g idle.
     */
    @Test
    void aWorkloadThatPricesWhatNoOneInTheLivePlanDoesIsScoredAtItsPrices() {
        fleet.node("c1", fleet.cluster("osl", clean)).power(100, 700).build();
        fleet.node("d1", fleet.cluster("fra", dirty)).build();
        try (PlacementAdvisor advisor = advisor()) {
            Workload plain = fleet.service("plain").build();
            Workload metered = fleet.service("metered").policy(TestFleet.prices().energy(1000).build()).build();

            // plain: c1 100 g, d1 240 g
            assertThat(nodeOf(only(advisor.recommend(plain, 0)))).isEqualTo("c1");
            // metered: c1 100 + 600 g of energy = 700 g, d1 240 + 200 g = 440 g
            Recommendation recommendation = advisor.recommend(metered, 1);
            ReplicaDecision decision = only(recommendation);
            assertThat(nodeOf(decision)).isEqualTo("d1");
            assertThat(decision.alternatives()).singleElement()
                    .satisfies(c1 -> assertThat(c1.scoreDifference()).isEqualTo(HardMediumSoftScore.ofSoft(-260_000_000)));
            advisor.accept(recommendation);
            assertThat(PLANNER.score(advisor.snapshot())).isEqualTo(decision.score());
        }
    }

    /**
     * Users 20 ms from osl and 5 ms from fra; c1 has a PreferNoSchedule taint; "load" (3000 m) keeps c2 on,
     * so that web on c2 runs above its 3400 m headroom target: every soft constraint has a say.
     */
    @Test
    void reportsTheScoresThePlannersConstraintsGiveThePlan() {
        Cluster osl = fleet.cluster("osl", clean);
        Cluster fra = fleet.cluster("fra", dirty);
        fleet.node("c1", osl).taint("spot", "true", TaintEffect.PREFER_NO_SCHEDULE).build();
        Node c2 = fleet.node("c2", osl).build();
        fleet.node("d1", fra).build();
        UserLocation users = fleet.users("users", Map.of(osl, 20, fra, 5));
        Workload load = fleet.service("load").cpu(3000).users(users).build();
        try (PlacementAdvisor advisor = advisor(TestFleet.replica(load, 0, c2))) {
            Workload web = fleet.service("web").users(users).build();

            ReplicaDecision decision = only(advisor.recommend(web, 5));

            assertThat(decision.alternatives()).hasSize(2).allMatch(Alternative::feasible);
            assertThat(decision.score()).isEqualTo(scoreWith(load, c2, web, decision.placement().orElseThrow()));
            for (Alternative alternative : decision.alternatives()) {
                assertThat(decision.score().add(alternative.scoreDifference()))
                        .as(alternative.reason())
                        .isEqualTo(scoreWith(load, c2, web, alternative.placement()));
            }
        }
    }

    /** The Planner's score of the fleet with load on its node and web placed as given. */
    private HardMediumSoftScore scoreWith(Workload load, Node loadNode, Workload web, Placement webPlacement) {
        Node webNode = fleet.plan(List.of()).getNodes().stream()
                .filter(node -> node.id().equals(webPlacement.node()))
                .findFirst().orElseThrow();
        return PLANNER.score(fleet.plan(List.of(TestFleet.replica(load, 0, loadNode),
                TestFleet.replica(web, 0, webNode, webPlacement.startSlot()))));
    }

    @Test
    void acceptedWorkloadsAreInTheSnapshotWithTheRecommendedScore() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            Recommendation web = advisor.recommend(fleet.service("web").replicas(2).build(), 0);
            advisor.accept(web);

            FleetPlan snapshot = advisor.snapshot();

            assertThat(snapshot.getReplicas()).extracting(replica -> replica.getNode().id()).containsExactly("c1", "c1");
            assertThat(snapshot.getReplicas()).allMatch(replica -> replica.getCurrentNode() == replica.getNode());
            assertThat(PLANNER.score(snapshot)).isEqualTo(web.score());
        }
    }

    @Test
    void capacityCountsAcceptedReplicasAndTheFullNodeSaysWhy() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            advisor.accept(advisor.recommend(fleet.service("first").cpu(3000).build(), 0));

            ReplicaDecision second = only(advisor.recommend(fleet.service("second").cpu(2000).build(), 3));

            assertThat(nodeOf(second)).isEqualTo("d1");
            assertThat(second.alternatives()).singleElement().satisfies(alternative -> {
                assertThat(alternative.placement().node()).isEqualTo("c1");
                assertThat(alternative.feasible()).isFalse();
                // 1000 m over in each of the 4 slots.
                assertThat(alternative.scoreDifference().hardScore()).isEqualTo(-4000);
                assertThat(alternative.reason()).startsWith(CPU_CAPACITY + ": node c1: cpu 5000 millicores requested of 4000 millicores");
            });
        }
    }

    @Test
    void nodeSelectorTaintsAndSandboxRuleOutTheCleanNodes() {
        Cluster osl = fleet.cluster("osl", clean);
        fleet.node("tainted", osl).label("tier", "gold").runtimes(SandboxRuntime.GVISOR)
                .taint("dedicated", "ml", TaintEffect.NO_SCHEDULE).build();
        fleet.node("unlabelled", osl).runtimes(SandboxRuntime.GVISOR).build();
        fleet.node("runc-only", osl).label("tier", "gold").build();
        fleet.node("d1", fleet.cluster("fra", dirty)).label("tier", "gold").runtimes(SandboxRuntime.GVISOR).build();
        try (PlacementAdvisor advisor = advisor()) {
            Workload web = fleet.service("web").select("tier", "gold").runtime(SandboxRuntime.GVISOR).build();

            ReplicaDecision decision = only(advisor.recommend(web, 3));

            assertThat(nodeOf(decision)).isEqualTo("d1");
            assertThat(decision.alternatives()).allMatch(alternative -> !alternative.feasible())
                    .extracting(alternative -> alternative.placement().node() + " " + alternative.reason().substring(0, alternative.reason().indexOf(':')))
                    .containsExactlyInAnyOrder("tainted " + TAINTS, "unlabelled " + NODE_SELECTOR, "runc-only " + SANDBOX);
        }
    }

    @Test
    void residencyAnswersWhyNotTheNorwayCluster() {
        fleet.node("c1", fleet.cluster("osl").zone(clean).residency("NO").build()).build();
        fleet.node("d1", fleet.cluster("fra").zone(dirty).residency("EU", "DE").build()).build();
        try (PlacementAdvisor advisor = advisor()) {
            ReplicaDecision decision = only(advisor.recommend(fleet.service("web").residency("EU").build(), 1));

            assertThat(nodeOf(decision)).isEqualTo("d1");
            assertThat(decision.alternatives()).singleElement().satisfies(alternative -> {
                assertThat(alternative.feasible()).isFalse();
                assertThat(alternative.scoreDifference().hardScore()).isEqualTo(-1);
                assertThat(alternative.reason()).isEqualTo(RESIDENCY + ": cluster osl is in [NO], outside the allowed [EU]"
                        + "; it would cost 180 g CO2e-eq less");
            });
        }
    }

    @Test
    void latencySloRulesOutFarClusters() {
        UserLocation users = cleanAndDirtyNodeWithUsers(40, 5);
        try (PlacementAdvisor advisor = advisor()) {
            ReplicaDecision decision = only(advisor.recommend(fleet.service("web").users(users).latencySlo(10).build(), 1));

            assertThat(nodeOf(decision)).isEqualTo("d1");
            assertThat(decision.rttMs()).isEqualTo(5);
            assertThat(decision.alternatives()).singleElement().extracting(Alternative::reason).asString()
                    .startsWith(LATENCY_SLO + ": cluster osl is 40 ms from the users, over the 10 ms SLO");
        }
    }

    @Test
    void antiAffineReplicasOfOneRequestGetANodeEach() {
        Cluster osl = fleet.cluster("osl", clean);
        fleet.node("c1", osl).build();
        fleet.node("c2", osl).build();
        fleet.node("d1", fleet.cluster("fra", dirty)).build();
        try (PlacementAdvisor advisor = advisor()) {
            Recommendation web = advisor.recommend(fleet.service("web").replicas(2).antiAffinity().build(), 0);

            assertThat(web.replicas()).extracting(PlacementAdvisorTest::nodeOf).containsExactly("c1", "c2");
            assertThat(web.score().hardScore()).isZero();
        }
    }

    @Test
    void spreadSendsTheSecondReplicaToAnotherClusterAndSaysWhy() {
        Cluster osl = fleet.cluster("osl", clean);
        fleet.node("c1", osl).build();
        fleet.node("c2", osl).build();
        fleet.node("d1", fleet.cluster("fra", dirty)).build();
        try (PlacementAdvisor advisor = advisor()) {
            Recommendation web = advisor.recommend(fleet.service("web").replicas(2).spread(TopologyKey.CLUSTER, 2).build(), 1);

            assertThat(web.replicas()).extracting(PlacementAdvisorTest::nodeOf).containsExactly("c1", "d1");
            assertThat(web.replicas().get(1).alternatives()).singleElement().extracting(Alternative::reason).asString()
                    .startsWith(SPREAD + ": web runs in 1 cluster domain(s), needs 2");
        }
    }

    /** db runs on d1, so api must run in fra's latency domain although osl would cost less. */
    @Test
    void colocationKeepsADependentNextToItsDependency() {
        fleet.node("c1", fleet.cluster("osl", clean)).build();
        Node d1 = fleet.node("d1", fleet.cluster("fra", dirty)).build();
        Workload db = fleet.service("db").build();
        try (PlacementAdvisor advisor = advisor(TestFleet.replica(db, 0, d1))) {
            ReplicaDecision api = only(advisor.recommend(fleet.service("api").colocateWith("db").build(), 1));

            assertThat(nodeOf(api)).isEqualTo("d1");
            assertThat(api.alternatives()).singleElement().satisfies(alternative -> {
                assertThat(alternative.scoreDifference().hardScore()).isEqualTo(-1);
                assertThat(alternative.reason()).startsWith(COLOCATION + ": api#0 needs db in latency domain osl, which has none");
            });
        }
    }

    @Test
    void removingAWorkloadFreesItsCapacity() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            advisor.accept(advisor.recommend(fleet.service("big").cpu(4000).build(), 0));
            Workload web = fleet.service("web").build();
            assertThat(nodeOf(only(advisor.recommend(web, 0)))).isEqualTo("d1");

            advisor.remove("big");

            assertThat(nodeOf(only(advisor.recommend(web, 0)))).isEqualTo("c1");
            assertThatThrownBy(() -> advisor.remove("big")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'big'");
        }
    }

    @Test
    void unavailableNodesAreSkippedUntilAvailableAgain() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            Workload web = fleet.service("web").build();

            advisor.markUnavailable("c1");
            assertThat(nodeOf(only(advisor.recommend(web, 3)))).isEqualTo("d1");
            assertThat(only(advisor.recommend(web, 3)).alternatives()).isEmpty();

            advisor.markAvailable("c1");
            assertThat(nodeOf(only(advisor.recommend(web, 3)))).isEqualTo("c1");
        }
    }

    /** Solar-shaped intensities 400, 300, 50, 200 g/kWh: a one-slot job runs at noon, slot 2, if its window allows. */
    @Test
    void aJobStartsInTheCleanestSlotOfItsWindow() {
        Zone solar = fleet.zone("solar", 400, 300, 50, 200);
        fleet.node("s1", fleet.cluster("mad", solar)).build();
        try (PlacementAdvisor advisor = advisor()) {
            ReplicaDecision anyTime = only(advisor.recommend(fleet.job("batch").build(), 0));
            assertThat(anyTime.placement()).contains(new Placement("s1", "mad", "solar", 2, 3));
            // (50 W + 100 W idle) x 50 g/kWh.
            assertThat(anyTime.gramsPerHour()).isCloseTo(7.5, within(1e-9));

            ReplicaDecision early = only(advisor.recommend(fleet.job("early").deadline(2).build(), 0));
            assertThat(early.placement().orElseThrow().startSlot()).isEqualTo(1);
        }
    }

    @Test
    void aReplicaNoNodeCanTakeStaysUnplacedWithTheReason() {
        fleet.node("c1", fleet.cluster("osl", clean)).build();
        try (PlacementAdvisor advisor = advisor()) {
            Recommendation huge = advisor.recommend(fleet.service("huge").cpu(5000).build(), 1);

            assertThat(huge.placesAll()).isFalse();
            ReplicaDecision decision = only(huge);
            assertThat(decision.placement()).isEmpty();
            assertThat(decision.score()).isEqualTo(HardMediumSoftScore.ofMedium(-1));
            assertThat(decision.alternatives()).singleElement().extracting(Alternative::reason).asString()
                    .startsWith(CPU_CAPACITY + ": node c1: cpu 5000 millicores requested of 4000 millicores");
        }
    }

    @Test
    void newIntensitiesChangeTheAdvice() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            advisor.updateIntensities(Map.of("clean", flat(400), "dirty", flat(100)));

            assertThat(nodeOf(only(advisor.recommend(fleet.service("web").build(), 0)))).isEqualTo("d1");
            assertThatThrownBy(() -> advisor.updateIntensities(Map.of("nowhere", flat(100))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nowhere'");
        }
    }

    @Test
    void aPreparationGivesTheRecommendationTheWorkloadGetsAndIsRedoneOnNewIntensities() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            PlacementAdvisor.Preparation early = advisor.prepare(fleet.service("early").build());

            assertThat(advisor.recommend(early, 3)).isEqualTo(advisor.recommend(fleet.service("early").build(), 3));

            PlacementAdvisor.Preparation stale = advisor.prepare(fleet.service("late").build());
            advisor.updateIntensities(Map.of("clean", flat(400), "dirty", flat(100)));
            // Ranked when c1 was the clean one: used as it was, it would send "late" there.
            assertThat(nodeOf(only(advisor.recommend(stale, 0)))).isEqualTo("d1");
        }
    }

    @Test
    void aPreparationRefusesWhatARecommendationWould() {
        UserLocation elsewhere = usersWithoutRttToFra();
        try (PlacementAdvisor advisor = advisor()) {

            assertThatThrownBy(() -> advisor.prepare(fleet.service("web").users(elsewhere).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no RTT to clusters [fra]");
            assertThatThrownBy(() -> advisor.prepare(fleet.job("late").duration(1).deadline(6).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadlineSlot 6 is beyond the horizon of 4 slots");
        }
    }

    /**
     * Requests made ready on two other threads while the advisor decides earlier ones get the decisions they get
     * made ready in turn: the rankings share only what no decision changes (and the start orders, which a ranking
     * may add to from any thread).
     */
    @Test
    void preparationsOnOtherThreadsWhileTheAdvisorDecidesGetTheSameDecisions() throws Exception {
        Zone wavy = fleet.zone("wavy", 300, 100, 200, 400);
        for (int i = 0; i < 6; i++) {
            fleet.node("c" + i, fleet.cluster("osl-" + i, i % 2 == 0 ? clean : wavy)).cpu(8000).build();
            fleet.node("d" + i, fleet.cluster("fra-" + i, dirty)).cpu(8000).build();
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (PlacementAdvisor advisor = advisor(); PlacementAdvisor inTurn = advisor()) {
            List<Workload> requests = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                requests.add(i % 3 == 0 ? fleet.job("job-" + i).cpu(500).duration(1 + i % 3).release(i % 2).build()
                        : fleet.service("svc-" + i).cpu(250 + 250 * (i % 4)).build());
            }
            List<Future<PlacementAdvisor.Preparation>> prepared = new ArrayList<>();
            for (Workload request : requests) {
                prepared.add(pool.submit(() -> advisor.prepare(request)));
            }
            for (int i = 0; i < requests.size(); i++) {
                Recommendation recommendation = advisor.recommend(prepared.get(i).get(), 2);
                advisor.accept(recommendation);
                Recommendation expected = inTurn.recommend(requests.get(i), 2);
                inTurn.accept(expected);

                assertThat(recommendation).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Eight clean nodes, each of a kind of its own: every one is a runner-up the score director scores. */
    @Test
    void asManyRunnersUpAsAskedForEvenBeyondTheConfirmedCandidates() {
        for (int i = 1; i <= 8; i++) {
            fleet.node("c" + i, fleet.cluster("osl-" + i, clean)).build();
        }
        try (PlacementAdvisor advisor = new PlacementAdvisor(fleet.plan(List.of()), AdvisorSettings.ofDefaults().withConfirmedCandidates(2))) {

            ReplicaDecision decision = only(advisor.recommend(fleet.service("web").build(), 6));

            assertThat(decision.alternatives()).hasSize(6).allSatisfy(alternative -> {
                assertThat(alternative.feasible()).isTrue();
                assertThat(alternative.reason()).startsWith("scores the same as " + nodeOf(decision));
            });
        }
    }

    private static double[] flat(double gramsPerKwh) {
        double[] values = new double[4];
        Arrays.fill(values, gramsPerKwh);
        return values;
    }

    @Test
    void onlyTheLatestRecommendationCanBeAccepted() {
        fleet.node("c1", fleet.cluster("osl", clean)).build();
        try (PlacementAdvisor advisor = advisor()) {
            Recommendation first = advisor.recommend(fleet.service("first").build(), 0);
            advisor.recommend(fleet.service("second").build(), 0);

            assertThatThrownBy(() -> advisor.accept(first)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("recommend again");
            // The withdrawn "first" left no trace: its id is free.
            assertThat(advisor.recommend(fleet.service("first").build(), 0).placesAll()).isTrue();
        }
    }

    @Test
    void unknownReferencesAreRejectedNamingTheField() {
        UserLocation elsewhere = usersWithoutRttToFra();
        Workload db = fleet.service("db").build();
        try (PlacementAdvisor advisor = advisor()) {

            assertThatThrownBy(() -> advisor.recommend(fleet.service("web").users(elsewhere).build(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userLocation 'elsewhere' is not a location of this fleet: it has no RTT to clusters [fra]");
            assertThatThrownBy(() -> advisor.recommend(fleet.service("api").colocateWith("cache").build(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colocateWith names unknown workload 'cache'");
            assertThatThrownBy(() -> advisor.recommend(fleet.service(db.id()).build(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db is already in the plan");
            assertThatThrownBy(() -> advisor.markUnavailable("c9"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c9'");
        }
    }

    @Test
    void aWorkloadAdoptedFromElsewhereTakesItsCapacityAndMovesWhenAdoptedAgain() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            Workload big = fleet.service("big").cpu(4000).build();

            advisor.adopt(big, List.of(new Assignment("c1", 0)));

            // c1's 4 cores are taken: web goes to d1.
            assertThat(nodeOf(only(advisor.recommend(fleet.service("web").build(), 0)))).isEqualTo("d1");
            // (web, not accepted, is withdrawn by what comes next.) The same placement again changes nothing; another moves it, and c1 is free again.
            advisor.adopt(big, List.of(new Assignment("c1", 0)));
            advisor.adopt(big, List.of(new Assignment("d1", 0)));
            assertThat(nodeOf(only(advisor.recommend(fleet.service("web").build(), 0)))).isEqualTo("c1");
            assertThat(advisor.holds("big")).isTrue();
            assertThatThrownBy(() -> advisor.adopt(fleet.service("pair").replicas(2).build(), List.of(new Assignment("c1", 0))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 replicas, but 1 assignments");
            assertThatThrownBy(() -> advisor.adopt(fleet.service("lost").build(), List.of(new Assignment("c9", 0))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c9'");
            assertThat(advisor.holds("lost")).isFalse();
        }
    }

    @Test
    void aWorkloadOthersMustRunNextToMovesWhenAdoptedAgainRatherThanLeavingThePlan() {
        cleanAndDirtyNode();
        try (PlacementAdvisor advisor = advisor()) {
            Workload cache = fleet.service("cache").cpu(4000).build();
            advisor.adopt(cache, List.of(new Assignment("c1", 0)));
            advisor.adopt(fleet.service("api").cpu(100).colocateWith("cache").build(), List.of(new Assignment("c1", 0)));

            // Re-optimisation moved the cache: the same workload as a new fact, its replica on d1.
            advisor.adopt(fleet.service("cache").cpu(4000).build(), List.of(new Assignment("d1", 0)));

            assertThat(advisor.holds("cache")).isTrue();
            // c1 has room for 3 cores again; d1 is full with the cache.
            assertThat(nodeOf(only(advisor.recommend(fleet.service("web").cpu(3000).build(), 0)))).isEqualTo("c1");
            assertThat(advisor.snapshot().getReplicas()).filteredOn(replica -> replica.getWorkload().id().equals("cache"))
                    .singleElement().satisfies(replica -> assertThat(replica.getNode().id()).isEqualTo("d1"));
            // A different number of replicas cannot be had without the cache leaving the plan: refused.
            assertThatThrownBy(() -> advisor.adopt(fleet.service("cache").replicas(2).build(),
                    List.of(new Assignment("c1", 0), new Assignment("d1", 0))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("[api] must run next to it");
        }
    }
}
