package io.heliostat.solver.analysis;

import static io.heliostat.solver.constraints.PlacementConstraints.CPU_CAPACITY;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY_SLO;
import static io.heliostat.solver.constraints.PlacementConstraints.MIGRATION;
import static io.heliostat.solver.constraints.PlacementConstraints.OPERATIONAL_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.TAINTS;
import static io.heliostat.solver.constraints.PlacementConstraints.UNPLACED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.justifications.NodeSwitchedOn;
import io.heliostat.solver.constraints.justifications.ReplicaCarbon;
import io.heliostat.solver.constraints.justifications.UntoleratedTaints;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;

/**
 * The arithmetic every test shares: 4 one-hour slots; nodes of 4 cores draw 100 W idle and 200 W at full
 * CPU, so a 1-core replica adds 1000/4000 x 100 W = 25 W, or 25 W x 4 h = 100 Wh = 0.1 kWh over the horizon.
 * In zone "clean" (100 g/kWh) that is 10 g CO2e, in zone "dirty" (400 g/kWh) 40 g. A node that is on
 * draws 100 W x 4 h = 0.4 kWh idle: 40 g in "clean", 160 g in "dirty".
 */
class PlacementExplainerTest {

    private static final Taint EDGE_TAINT = new Taint("node-role/edge", "true", TaintEffect.NO_SCHEDULE);
    // Building the score director factory takes about half a second: one explainer for every test.
    private static final PlacementExplainer EXPLAINER = new PlacementExplainer();

    /**
     * Clusters mad (clean, 10 ms from users), fra (dirty, 94 ms) and edge (clean, 5 ms); nodes n1 and n2 in
     * mad, d1 in fra, gw-3 in edge with a NoSchedule taint. "web" (1 core, no users) runs on {@code webNode};
     * "base" keeps n1 and d1 switched on, so that moving web between them changes only its own carbon.
     */
    private static final class SmallFleet {
        final TestFleet fleet = new TestFleet(4);
        final Zone clean = fleet.zone("clean", 100);
        final Zone dirty = fleet.zone("dirty", 400);
        final Cluster mad = fleet.cluster("mad", clean, 10);
        final Cluster fra = fleet.cluster("fra", dirty, 94);
        final Cluster edge = fleet.cluster("edge", clean, 5);
        final Node n1 = fleet.node("n1", mad);
        final Node n2 = fleet.node("n2", mad);
        final Node d1 = fleet.node("d1", fra);
        final Node gw3 = fleet.node("gw-3", edge, EDGE_TAINT);
        final Workload web = fleet.service("web", 1000, 1).add();
        final Workload base = fleet.service("base", 1000, 2).add();

        /** The fleet with web not placed. */
        SmallFleet() {
            fleet.place(base, 0, n1).place(base, 1, d1);
        }

        FleetPlan plan() {
            return fleet.plan();
        }
    }

    /** The small fleet with web on n1 or d1. */
    private static SmallFleet webOn(String nodeId) {
        SmallFleet small = new SmallFleet();
        Node node = switch (nodeId) {
            case "n1" -> small.n1;
            case "d1" -> small.d1;
            default -> throw new IllegalArgumentException(nodeId);
        };
        small.fleet.place(small.web, 0, node);
        return small;
    }

    // ************************************************************************
    // Score breakdown
    // ************************************************************************

    @Test
    void breakdownSumsToTheScoreAndPricesEachMatchAtThePolicysWeight() {
        SmallFleet small = webOn("n1");
        // Carbon counts double: 1000 x 2 = 2000 µg per mg.
        FleetPlan plan = small.fleet.plan(new PlacementPolicy(2.0, 0, 0.2, 10, 0.85, 2, 20, MigrationMode.PENALISE, 0.5, 0.5));

        ScoreBreakdown breakdown = EXPLAINER.breakdown(plan);

        HardMediumSoftScore sum = breakdown.constraints().stream().map(ConstraintScore::score)
                .reduce(HardMediumSoftScore.ZERO, HardMediumSoftScore::add);
        assertThat(sum).isEqualTo(breakdown.score());
        assertThat(breakdown.feasible()).isTrue();
        assertThat(breakdown.unscoredReplicas()).isEmpty();
        ConstraintScore carbon = breakdown.constraint(OPERATIONAL_CARBON).orElseThrow();
        // A replica's own carbon matches in µg at its workload's price; a node's idle carbon in mg at the plan's.
        assertThat(carbon.weight()).isEqualTo(HardMediumSoftScore.ofSoft(-1));
        assertThat(breakdown.constraint(IDLE_CARBON).orElseThrow().weight()).isEqualTo(HardMediumSoftScore.ofSoft(-2000));
        assertThat(carbon.matchCount()).isEqualTo(3);
        // web#0 on n1: 10 g = 10,000 mg x 2000 µg/mg = 20,000,000 µg = 20 g-equivalent.
        Contribution web = carbon.matches().stream()
                .filter(match -> match.explanation() instanceof ReplicaCarbon rc && rc.replica().equals("web#0"))
                .findFirst().orElseThrow();
        assertThat(web.score()).isEqualTo(HardMediumSoftScore.ofSoft(-20_000_000));
        assertThat(web.grams()).isEqualTo(-20.0);
        // Three replicas: 10 g + 10 g (base#0 on n1) + 40 g (base#1 on d1) = 60 g, x 2.
        assertThat(carbon.grams()).isEqualTo(-120.0);
        // The costliest constraint comes first: idle carbon, (40 g + 160 g) x 2 = 400 g-equivalent.
        assertThat(breakdown.constraints().getFirst().constraint()).isEqualTo(IDLE_CARBON);
        assertThat(breakdown.constraints().getFirst().grams()).isEqualTo(-400.0);
    }

    /**
     * The small fleet with a second workload, "game" (1 core, users 10 ms from mad, 94 ms from fra), on n2 under a
     * policy of its own: carbon 3.0 and 1 g per ms of RTT, in a plan whose policy leaves latency free.
     */
    private static FleetPlan withGame(SmallFleet small) {
        Workload game = small.fleet.service("game", 1000, 1).withUsers(0)
                .pricedBy(new PlacementPolicy(3.0, 0, 1.0, 10, 0.85, 2, 20, MigrationMode.PENALISE, 0.5, 0.5)).add();
        small.fleet.place(game, 0, small.n2);
        return small.fleet.plan(new PlacementPolicy(1.0, 0, 0, 10, 0.85, 2, 20, MigrationMode.PENALISE, 0.5, 0.5));
    }

    @Test
    void breakdownPricesEachWorkloadsMatchesAtItsOwnPolicy() {
        ScoreBreakdown breakdown = EXPLAINER.breakdown(withGame(webOn("n1")));

        ConstraintScore carbon = breakdown.constraint(OPERATIONAL_CARBON).orElseThrow();
        // game#0: 10 g x 3 = 30 g; web#0 and base#0 10 g each, base#1 40 g, at the plan's 1.0. 90 g
        assertThat(carbon.grams()).isEqualTo(-90.0);
        assertThat(carbon.matches()).filteredOn(match -> match.explanation() instanceof ReplicaCarbon rc && rc.replica().equals("game#0"))
                .singleElement().satisfies(game -> {
                    assertThat(game.grams()).isEqualTo(-30.0);
                    assertThat(game.reason()).isEqualTo("game#0 adds 25.0 W on n2 in zone clean: 10.0 g CO2e");
                });
        // The plan leaves latency free; game pays 10 ms x 1 g. The constraint is on because game prices it.
        ConstraintScore latency = breakdown.constraint(LATENCY).orElseThrow();
        assertThat(latency.matches()).singleElement().satisfies(game -> {
            assertThat(game.sentence()).isEqualTo("game#0 is 10 ms from its users in mad (Latency: 10 g CO2e-eq)");
            assertThat(game.grams()).isEqualTo(-10.0);
        });
        HardMediumSoftScore sum = breakdown.constraints().stream().map(ConstraintScore::score)
                .reduce(HardMediumSoftScore.ZERO, HardMediumSoftScore::add);
        assertThat(sum).isEqualTo(breakdown.score());
    }

    @Test
    void whyNotPricesTheMoveAtTheWorkloadsOwnPolicy() {
        FleetPlan plan = withGame(webOn("n1"));

        Alternative game = EXPLAINER.whyNot(plan, "game", "d1").replicas().getFirst();

        // to fra: 40 g - 10 g = 30 g more carbon x 3 = 90 g; 94 - 10 = 84 ms more x 1 g = 84 g; n2 goes off:
        // its idle 40 g at the plan's carbon 1.0 is saved. 90 + 84 - 40 = 134 g
        assertThat(game.changes()).extracting(ConstraintChange::constraint, ConstraintChange::extraGrams)
                .containsExactly(tuple(OPERATIONAL_CARBON, 90.0), tuple(LATENCY, 84.0), tuple(IDLE_CARBON, -40.0));
        assertThat(game.extraGrams()).isEqualTo(134.0);
    }

    @Test
    void aWorkloadsOwnPinPolicyPinsItsReplicasOnly() {
        SmallFleet small = webOn("d1");
        Workload api = small.fleet.service("api", 1000, 1)
                .pricedBy(new PlacementPolicy(1.0, 0, 0.2, 10, 0.85, 2, 20, MigrationMode.PIN, 0.5, 0.5)).add();
        small.fleet.runningOn(small.web, 0, small.d1).place(api, 0, small.d1).runningOn(api, 0, small.d1);
        FleetPlan plan = small.fleet.plan(PlacementPolicy.ofDefaults());

        // web runs on d1 under the plan's policy, which penalises moves; api's own policy keeps it where it runs
        assertThat(EXPLAINER.whyNot(plan, "web", "n1").replicas().getFirst().pinned()).isFalse();
        assertThat(EXPLAINER.whyNot(plan, "api", "n1").replicas().getFirst().summary()).endsWith("[api#0 is pinned where it runs]");
    }

    @Test
    void breakdownNamesReplicasThatHaveANodeButNoStartSlot() {
        SmallFleet small = webOn("n1");
        FleetPlan plan = small.plan();
        plan.getReplicas().getFirst().setStartSlot(null);

        assertThat(EXPLAINER.breakdown(plan).unscoredReplicas()).containsExactly("web#0");
    }

    // ************************************************************************
    // Why here
    // ************************************************************************

    @Test
    void replicaOnACleanZoneIsExplainedByItsCarbon() {
        FleetPlan plan = webOn("n1").plan();

        WorkloadExplanation explanation = EXPLAINER.explain(plan, "web");

        assertThat(explanation.replicas()).hasSize(1);
        ReplicaExplanation web = explanation.replicas().getFirst();
        assertThat(web.placement()).contains(new Placement("n1", "mad", "clean", 0, 4));
        assertThat(web.scored()).isTrue();
        // Its own cost is its carbon: 10 g (see the class comment).
        assertThat(web.ownScore()).isEqualTo(HardMediumSoftScore.ofSoft(-10_000_000));
        assertThat(web.contributions()).extracting(Contribution::constraint, Contribution::scope, Contribution::reason)
                .containsExactly(
                        // n1 being on is shared with base#0: 40 g, listed first as the costliest.
                        tuple(IDLE_CARBON, Scope.NODE, "node n1 is on: 100.0 W idle in zone clean, 40.0 g CO2e"),
                        tuple(OPERATIONAL_CARBON, Scope.REPLICA, "web#0 adds 25.0 W on n1 in zone clean: 10.0 g CO2e"));
        assertThat(web.sentences()).containsExactly(
                "node n1 is on: 100.0 W idle in zone clean, 40.0 g CO2e (Idle carbon: 40 g CO2e-eq) [shared: node]",
                "web#0 adds 25.0 W on n1 in zone clean: 10.0 g CO2e (Operational carbon: 10 g CO2e-eq)");
    }

    @Test
    void explanationOfAnUnplacedReplicaSaysItIsNotPlaced() {
        FleetPlan plan = new SmallFleet().plan();

        ReplicaExplanation web = EXPLAINER.explain(plan, "web").replicas().getFirst();

        assertThat(web.placement()).isEmpty();
        assertThat(web.contributions()).extracting(Contribution::constraint, Contribution::reason, Contribution::cost)
                .containsExactly(tuple(UNPLACED, "web#0 is not placed", "1 medium"));
    }

    // ************************************************************************
    // Why not there
    // ************************************************************************

    @Test
    void aNodeWithAnUntoleratedTaintIsInfeasibleForThatReason() {
        FleetPlan plan = webOn("n1").plan();

        WhyNot whyNot = EXPLAINER.whyNot(plan, "web", "gw-3");

        Alternative web = whyNot.replicas().getFirst();
        assertThat(web.verdict()).isEqualTo(Verdict.INFEASIBLE);
        assertThat(web.candidate()).isEqualTo(new Placement("gw-3", "edge", "clean", 0, 4));
        assertThat(web.brokenRules()).extracting(Contribution::reason)
                .containsExactly("node gw-3 had untolerated taint [node-role/edge=true:NoSchedule]");
        assertThat(web.brokenRules().getFirst().explanation()).isEqualTo(
                new UntoleratedTaints("web#0", "gw-3", List.of("node-role/edge=true:NoSchedule")));
        // Also listed: switching gw-3 on costs its idle 40 g (n1 stays on for base#0). The carbon of web
        // itself is the same in both clean zones, so that constraint does not change.
        assertThat(web.changes()).extracting(ConstraintChange::constraint).containsExactly(TAINTS, IDLE_CARBON);
        assertThat(web.difference()).isEqualTo(HardMediumSoftScore.of(-1, 0, -40_000_000));
        assertThat(web.summary()).isEqualTo(
                "web#0 on gw-3 would break hard rules: node gw-3 had untolerated taint [node-role/edge=true:NoSchedule]");
    }

    @Test
    void aClusterOverTheLatencySloIsInfeasibleForThatReason() {
        SmallFleet small = new SmallFleet();
        Workload shop = small.fleet.service("shop", 1000, 1).withUsers(40).add();
        small.fleet.place(shop, 0, small.n1);
        FleetPlan plan = small.fleet.plan();

        Alternative shop0 = EXPLAINER.whyNot(plan, "shop", "d1").replicas().getFirst();

        assertThat(shop0.verdict()).isEqualTo(Verdict.INFEASIBLE);
        assertThat(shop0.brokenRules()).extracting(Contribution::reason)
                .containsExactly("cluster fra is 94 ms from the users, over the 40 ms SLO");
        // The SLO costs one hard point per ms over it: 94 - 40 = 54.
        assertThat(shop0.changes().getFirst().constraint()).isEqualTo(LATENCY_SLO);
        assertThat(shop0.changes().getFirst().difference()).isEqualTo(HardMediumSoftScore.ofHard(-54));
        // Soft latency: (94 - 10) ms x 0.2 g/ms = 16.8 g more.
        ConstraintChange latency = shop0.changes().stream().filter(change -> change.constraint().equals(LATENCY)).findFirst().orElseThrow();
        assertThat(latency.extraGrams()).isCloseTo(16.8, within(1e-9));
    }

    @Test
    void aDirtierZoneIsWorseByTheOperationalCarbonDifference() {
        FleetPlan plan = webOn("n1").plan();

        Alternative web = EXPLAINER.whyNot(plan, "web", "d1").replicas().getFirst();

        assertThat(web.verdict()).isEqualTo(Verdict.WORSE);
        // 0.1 kWh x (400 - 100) g/kWh = 30 g more; both nodes stay on for base, so nothing else changes.
        assertThat(web.changes()).hasSize(1);
        ConstraintChange carbon = web.changes().getFirst();
        assertThat(carbon.constraint()).isEqualTo(OPERATIONAL_CARBON);
        assertThat(carbon.extraGrams()).isEqualTo(30.0);
        assertThat(carbon.appeared()).extracting(Contribution::reason)
                .containsExactly("web#0 adds 25.0 W on d1 in zone dirty: 40.0 g CO2e");
        assertThat(carbon.disappeared()).extracting(Contribution::reason)
                .containsExactly("web#0 adds 25.0 W on n1 in zone clean: 10.0 g CO2e");
        assertThat(web.extraGrams()).isEqualTo(30.0);
        assertThat(web.summary()).isEqualTo("web#0 on d1 would cost +30 g CO2e-eq: Operational carbon +30 g CO2e-eq");
        assertThat(carbon.sentence()).isEqualTo("Operational carbon +30 g CO2e-eq: web#0 adds 25.0 W on d1 in zone dirty: "
                + "40.0 g CO2e; instead of: web#0 adds 25.0 W on n1 in zone clean: 10.0 g CO2e");
    }

    @Test
    void aCleanerNodeThanTheCurrentOneIsReportedBetter() {
        FleetPlan plan = webOn("d1").plan();

        Alternative web = EXPLAINER.whyNot(plan, "web", "n1").replicas().getFirst();

        // The mirror image of the previous test: 30 g saved.
        assertThat(web.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(web.extraGrams()).isEqualTo(-30.0);
        assertThat(web.summary()).isEqualTo("web#0 on n1 would score better, -30 g CO2e-eq (the plan is not optimal for this replica): "
                + "Operational carbon -30 g CO2e-eq");
    }

    @Test
    void theNodeAReplicaRunsOnIsAlreadyThere() {
        FleetPlan plan = webOn("n1").plan();

        Alternative web = EXPLAINER.whyNot(plan, "web", "n1").replicas().getFirst();

        assertThat(web.verdict()).isEqualTo(Verdict.ALREADY_THERE);
        assertThat(web.changes()).isEmpty();
        assertThat(web.difference()).isEqualTo(HardMediumSoftScore.ZERO);
    }

    @Test
    void whyNotAsksEveryReplicaOfTheWorkloadSeparately() {
        FleetPlan plan = webOn("n1").plan();

        WhyNot whyNot = EXPLAINER.whyNot(plan, "base", "n1");

        // base#0 runs there; base#1 would leave d1 idle (saving 160 g idle and 40 - 10 = 30 g carbon).
        assertThat(whyNot.replicas()).extracting(Alternative::replica, Alternative::verdict)
                .containsExactly(tuple("base#0", Verdict.ALREADY_THERE),
                        tuple("base#1", Verdict.BETTER));
        assertThat(whyNot.replicas().get(1).extraGrams()).isEqualTo(-190.0);
    }

    @Test
    void aDeferrableJobIsComparedAtItsBestStartSlotOnTheOtherNode() {
        TestFleet fleet = new TestFleet(4);
        Zone flat = fleet.zone("flat", 100);
        Zone solar = fleet.zone("solar", new double[] {400, 400, 100, 50});
        Node n1 = fleet.node("n1", fleet.cluster("mad", flat, 10));
        Node s1 = fleet.node("s1", fleet.cluster("sun", solar, 10));
        Workload train = fleet.job("train", 1000, 1, 0, 4).add();
        Workload base = fleet.service("base", 1000, 2).add();
        fleet.place(train, 0, n1, 0).place(base, 0, n1).place(base, 1, s1);
        FleetPlan plan = fleet.plan();

        Alternative job = EXPLAINER.whyNot(plan, "train", "s1").replicas().getFirst();

        // One slot of 25 W = 25 Wh: 2.5 g at 100 g/kWh on n1; on s1 the cheapest slot is 3 (50 g/kWh): 1.25 g.
        assertThat(job.candidate()).isEqualTo(new Placement("s1", "sun", "solar", 3, 4));
        assertThat(job.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(job.extraGrams()).isEqualTo(-1.25);
    }

    @Test
    void movingAReplicaOffItsCurrentNodeCostsTheMigrationPrice() {
        SmallFleet small = webOn("n1");
        small.fleet.runningOn(small.web, 0, small.n1);
        FleetPlan plan = small.plan();

        Alternative web = EXPLAINER.whyNot(plan, "web", "d1").replicas().getFirst();

        // 30 g more carbon (as above) and one move at the default 10 g per move.
        assertThat(web.changes()).extracting(ConstraintChange::constraint, ConstraintChange::extraGrams)
                .containsExactly(tuple(OPERATIONAL_CARBON, 30.0), tuple(MIGRATION, 10.0));
        assertThat(web.changes().get(1).appeared()).extracting(Contribution::reason).containsExactly("web#0 moves from n1 to d1");
        assertThat(web.pinned()).isFalse();
    }

    @Test
    void aPinnedReplicaIsStillComparedAndSaysItIsPinned() {
        SmallFleet small = webOn("d1");
        small.fleet.runningOn(small.web, 0, small.d1);
        FleetPlan plan = small.fleet.plan(new PlacementPolicy(1.0, 0, 0.2, 10, 0.85, 2, 20, MigrationMode.PIN, 0.5, 0.5));

        Alternative web = EXPLAINER.whyNot(plan, "web", "n1").replicas().getFirst();

        // 30 g less carbon, 10 g for the move: better by 20 g, but the policy keeps it where it runs.
        assertThat(web.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(web.extraGrams()).isEqualTo(-20.0);
        assertThat(web.pinned()).isTrue();
        assertThat(web.summary()).endsWith("[web#0 is pinned where it runs]");
    }

    @Test
    void anOvercommittedNodeIsPartOfTheExplanationOfEveryReplicaOnIt() {
        SmallFleet small = webOn("n1");
        Workload big = small.fleet.service("big", 3000, 1).add();
        small.fleet.place(big, 0, small.n1);
        FleetPlan plan = small.plan();

        ReplicaExplanation web = EXPLAINER.explain(plan, "web").replicas().getFirst();

        // n1 carries 1000 (web) + 1000 (base#0) + 3000 (big) = 5000 of 4000 millicores in each of the 4 slots:
        // one match for the node, over by 1000 m in 4 slots = 4000.
        List<Contribution> capacity = web.contributions().stream().filter(c -> c.constraint().equals(CPU_CAPACITY)).toList();
        assertThat(capacity).singleElement().satisfies(contribution -> {
            assertThat(contribution.scope()).isEqualTo(Scope.NODE_SLOT);
            assertThat(contribution.score()).isEqualTo(HardMediumSoftScore.ofHard(-4000));
        });
        assertThat(capacity.getFirst().reason()).isEqualTo("node n1: cpu 5000 millicores requested of 4000 millicores (over in slots [0, 1, 2, 3])");
        // Its own cost stays its carbon: the over-commitment is shared with base#0 and big#0.
        assertThat(web.ownScore()).isEqualTo(HardMediumSoftScore.ofSoft(-10_000_000));
        assertThat(EXPLAINER.explain(plan, "big").replicas().getFirst().contributions())
                .filteredOn(c -> c.constraint().equals(CPU_CAPACITY)).hasSize(1);
    }

    // ************************************************************************
    // Alternatives
    // ************************************************************************

    @Test
    void alternativesAreRankedByTheScoreTheyWouldGive() {
        FleetPlan plan = webOn("d1").plan();

        Alternatives alternatives = EXPLAINER.alternatives(plan, "web#0", 5);

        assertThat(alternatives.current()).contains(new Placement("d1", "fra", "dirty", 0, 4));
        assertThat(alternatives.nodesCompared()).isEqualTo(3);
        // n1 (on, clean): 30 g saved. n2 (off, clean): 30 g saved, 40 g idle = 10 g more. gw-3: tainted.
        assertThat(alternatives.ranked()).extracting(alternative -> alternative.candidate().node(), Alternative::verdict,
                        Alternative::extraGrams)
                .containsExactly(
                        tuple("n1", Verdict.BETTER, -30.0),
                        tuple("n2", Verdict.WORSE, 10.0),
                        tuple("gw-3", Verdict.INFEASIBLE, 10.0));
        Alternative n2 = alternatives.ranked().get(1);
        assertThat(n2.changes()).extracting(ConstraintChange::constraint, ConstraintChange::extraGrams)
                .containsExactly(tuple(IDLE_CARBON, 40.0),
                        tuple(OPERATIONAL_CARBON, -30.0));
        assertThat(n2.changes().getFirst().appeared()).extracting(Contribution::explanation)
                .containsExactly(new NodeSwitchedOn("n2", "clean", 100.0, 40.0, "g CO2e"));
    }

    @Test
    void alternativesStopAtTheLimitAndAgreeWithWhyNot() {
        FleetPlan plan = webOn("d1").plan();

        Alternatives alternatives = EXPLAINER.alternatives(plan, "web#0", 2);

        assertThat(alternatives.ranked()).extracting(alternative -> alternative.candidate().node()).containsExactly("n1", "n2");
        for (Alternative alternative : alternatives.ranked()) {
            Alternative whyNot = EXPLAINER.whyNot(plan, "web", alternative.candidate().node()).replicas().getFirst();
            assertThat(whyNot).isEqualTo(alternative);
        }
    }

    @Test
    void anUnplacedReplicaIsBetterAnywhereItFits() {
        FleetPlan plan = new SmallFleet().plan();

        Alternatives alternatives = EXPLAINER.alternatives(plan, "web#0", 1);

        assertThat(alternatives.current()).isEmpty();
        Alternative best = alternatives.ranked().getFirst();
        assertThat(best.candidate().node()).isEqualTo("n1");
        assertThat(best.verdict()).isEqualTo(Verdict.BETTER);
        assertThat(best.summary()).startsWith("web#0 on n1 would score better, -1 medium, +10 g CO2e-eq (it places a replica the plan leaves unplaced)");
    }

    // ************************************************************************
    // The caller's plan, and errors
    // ************************************************************************

    @Test
    void theCallersPlanIsUnchangedByEveryCall() {
        SmallFleet small = webOn("d1");
        FleetPlan plan = small.plan();
        HardMediumSoftScore score = EXPLAINER.breakdown(plan).score();
        plan.setScore(score);
        List<String> before = assignments(plan);

        EXPLAINER.breakdown(plan);
        EXPLAINER.explain(plan, "web");
        EXPLAINER.whyNot(plan, "web", "gw-3");
        EXPLAINER.whyNot(plan, "base", "n2");
        EXPLAINER.alternatives(plan, "web#0", 2);
        EXPLAINER.alternatives(plan, "base#1", 10);

        assertThat(assignments(plan)).isEqualTo(before);
        assertThat(plan.getScore()).isSameAs(score);
        assertThat(EXPLAINER.breakdown(plan).score()).isEqualTo(score);
    }

    @Test
    void unknownIdsAreNamedWithWhatExists() {
        FleetPlan plan = webOn("n1").plan();

        assertThatThrownBy(() -> EXPLAINER.explain(plan, "web2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no workload 'web2'; known: web, base");
        assertThatThrownBy(() -> EXPLAINER.whyNot(plan, "web", "gw-9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node 'gw-9'; known: n1, n2, d1, gw-3");
        assertThatThrownBy(() -> EXPLAINER.alternatives(plan, "web#1", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no replica 'web#1'; known: web#0, base#0, base#1");
        assertThatThrownBy(() -> EXPLAINER.alternatives(plan, "web#0", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 1, was 0");
    }

    @Test
    void aLongListOfKnownIdsIsTruncated() {
        List<String> known = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "w" + i).toList();

        assertThat(PlacementExplainer.unknown("workload", "x", known).getMessage())
                .isEqualTo("no workload 'x'; known: w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, ... (25 in all)");
    }

    private static List<String> assignments(FleetPlan plan) {
        return plan.getReplicas().stream()
                .map(replica -> replica.getId() + "@" + Optional.ofNullable(replica.getNode()).map(Node::id).orElse("-")
                        + "/" + replica.getStartSlot())
                .toList();
    }
}
