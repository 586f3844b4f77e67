package io.heliostat.solver.constraints;

import static io.heliostat.solver.domain.TaintEffect.NO_SCHEDULE;
import static io.heliostat.solver.domain.TaintEffect.PREFER_NO_SCHEDULE;
import static io.heliostat.solver.testing.TestFleet.moved;
import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.replicas;
import static io.heliostat.solver.testing.TestFleet.unplaced;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.solver.constraints.justifications.DiscouragedTaints;
import io.heliostat.solver.constraints.justifications.HeadroomExceeded;
import io.heliostat.solver.constraints.justifications.ReplicaLatency;
import io.heliostat.solver.constraints.justifications.ReplicaMoved;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * The soft costs other than carbon and energy: latency, migration, headroom, PreferNoSchedule taints. A replica's
 * own costs (all but headroom) match in µg at its workload's prices, by default the plan's default policy's:
 * 0.2 g per ms, 10 g per move, 20 g per replica on a discouraging node. Headroom matches in millicore-slots.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
class SoftCostConstraintsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private static final long MICROGRAMS_PER_MS = 200_000;
    private static final long MICROGRAMS_PER_MOVE = 10_000_000;
    private static final long MICROGRAMS_PER_DISCOURAGED_REPLICA = 20_000_000;

    /** Users in Madrid: 5 ms to the Madrid edge site, 35 ms to Paris. */
    @Nested
    @DisplayName(PlacementConstraints.LATENCY)
    class Latency {

        private final TestFleet fleet = new TestFleet(2);
        private final Cluster madridEdge = fleet.cluster("madrid-edge").edge().build();
        private final Cluster paris = fleet.cluster("eu-west-3").build();
        private final UserLocation madridUsers = fleet.users("madrid", Map.of(madridEdge, 5, paris, 35));
        private final Node edgeNode = fleet.node("edge-1", madridEdge).build();
        private final Node parisNode = fleet.node("paris-1", paris).build();

        @Test
        void eachReplicaCostsTheRttItsUsersSee() {
            Workload api = fleet.service("api").users(madridUsers).replicas(2).build();

            // api#0 at the edge 5 ms + api#1 in Paris 35 ms = 40 ms, x 200000 µg/ms
            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replicas(api, edgeNode, parisNode)))
                    .justifiesWithExactly(new ReplicaLatency("api#0", "madrid-edge", 5),
                            new ReplicaLatency("api#1", "eu-west-3", 35))
                    .penalizesBy(40 * MICROGRAMS_PER_MS);
        }

        @Test
        void workloadWithoutUsersHasNoLatency() {
            Workload batch = fleet.service("batch").build();

            // no user location: nothing to measure
            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replica(batch, 0, parisNode)))
                    .penalizes(0);
        }

        @ParameterizedTest(name = "a replica in {0} costs {1} ms")
        @CsvSource({"edge-1, 5", "paris-1, 35"})
        void fartherCostsMore(String nodeId, long penalty) {
            Workload api = fleet.service("api").users(madridUsers).build();
            Node node = nodeId.equals("edge-1") ? edgeNode : parisNode;

            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replica(api, 0, node)))
                    .penalizesBy(penalty * MICROGRAMS_PER_MS);
        }

        @Test
        void latencyCountsEvenWithinTheSlo() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(50).build();

            // 35 ms is within the 50 ms SLO, still 35 ms x 200000 µg/ms of soft cost
            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replica(api, 0, parisNode)))
                    .penalizesBy(35 * MICROGRAMS_PER_MS);
        }

        @Test
        void workloadPricesLatencyThePlanLeavesFree() {
            fleet.policy(TestFleet.prices().latency(0).build());
            Workload game = fleet.service("game").users(madridUsers).policy(TestFleet.prices().latency(5.0).build()).build();
            Workload api = fleet.service("api").users(madridUsers).build();

            // game at its own 5 g/ms: 35 ms x 5000000 µg/ms = 175000000; api at the plan's 0 g/ms: no match
            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replica(game, 0, parisNode), replica(api, 0, parisNode)))
                    .justifiesWithExactly(new ReplicaLatency("game#0", "eu-west-3", 35))
                    .penalizesBy(175_000_000);
        }

        @Test
        void workloadThatLeavesLatencyFreeHasNoMatch() {
            Workload batch = fleet.service("batch").users(madridUsers).policy(TestFleet.prices().latency(0).build()).build();
            Workload api = fleet.service("api").users(madridUsers).build();

            // batch at its own 0 g/ms: no match; api at the plan's 0.2 g/ms: 5 ms x 200000 µg/ms
            VERIFIER.verifyThat(PlacementConstraints::latency)
                    .given(fleet.with(replica(batch, 0, parisNode), replica(api, 0, edgeNode)))
                    .justifiesWithExactly(new ReplicaLatency("api#0", "madrid-edge", 5))
                    .penalizesBy(5 * MICROGRAMS_PER_MS);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.MIGRATION)
    class Migration {

        private final TestFleet fleet = new TestFleet(2);
        private final Node n1 = fleet.node("n1");
        private final Node n2 = fleet.node("n2");
        private final Workload web = fleet.service("web").replicas(3).build();

        @Test
        void replicaMovedOffItsCurrentNodeCostsOne() {
            // web#0 runs on n1 and is planned on n2: 1 move x 10000000 µg
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(web, 0, n1, n2)))
                    .justifiesWith(new ReplicaMoved("web#0", "n1", "n2"))
                    .penalizesBy(MICROGRAMS_PER_MOVE);
        }

        @Test
        void replicaStayingPutIsFine() {
            // web#0 runs on n1 and stays there
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(web, 0, n1, n1)))
                    .penalizes(0);
        }

        @Test
        void eachMoveCounts() {
            // web#0 and web#1 move, web#2 stays: 1 + 1 + 0 = 2 moves x 10000000 µg
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(web, 0, n1, n2), moved(web, 1, n2, n1), moved(web, 2, n1, n1)))
                    .penalizesBy(2 * MICROGRAMS_PER_MOVE);
        }

        @Test
        void newReplicaWithoutACurrentNodeIsNoMove() {
            // web#0 does not run anywhere yet: placing it is not a move
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(web, 0, null, n2)))
                    .penalizes(0);
        }

        @Test
        void unplacingARunningReplicaIsNoMove() {
            Replica evicted = unplaced(web, 0);
            evicted.setCurrentNode(n1);

            // web#0 runs on n1 and is left unplaced: that costs medium score, not a move
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(evicted))
                    .penalizes(0);
        }

        @Test
        void workloadPaysItsOwnPriceForAMove() {
            Workload stateful = fleet.service("stateful").policy(TestFleet.prices().migration(200).build()).build();

            // stateful#0 at its own 200 g per move: 200000000; web#0 at the plan's 10 g: 10000000. 210000000
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(stateful, 0, n1, n2), moved(web, 0, n1, n2)))
                    .justifiesWith(new ReplicaMoved("stateful#0", "n1", "n2"))
                    .penalizesBy(210_000_000);
        }

        @Test
        void workloadPricesMovesThePlanLeavesFree() {
            fleet.policy(TestFleet.prices().migration(0).build());
            Workload stateful = fleet.service("stateful").policy(TestFleet.prices().migration(200).build()).build();

            // stateful#0 at its own 200 g: 200000000; web#0 at the plan's 0 g: no match
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(stateful, 0, n1, n2), moved(web, 0, n1, n2)))
                    .justifiesWithExactly(new ReplicaMoved("stateful#0", "n1", "n2"))
                    .penalizesBy(200_000_000);
        }

        @Test
        void workloadThatMovesForFreeHasNoMatch() {
            Workload stateless = fleet.service("stateless").policy(TestFleet.prices().migration(0).build()).build();

            // its own 0 g per move beats the plan's 10 g
            VERIFIER.verifyThat(PlacementConstraints::migration)
                    .given(fleet.with(moved(stateless, 0, n1, n2)))
                    .penalizes(0);
        }
    }

    /** Default nodes of 4000 m; the default policy's target of 0.85 leaves 4000 x 0.85 = 3400 m. */
    @Nested
    @DisplayName(PlacementConstraints.HEADROOM)
    class HeadroomTarget {

        private final TestFleet fleet = new TestFleet(2);
        private final Node n1 = fleet.node("n1");

        @Test
        void requestsAboveTheTargetCostTheMillicoresOverInEverySlot() {
            Workload web = fleet.service("web").cpu(1200).replicas(3).build();

            // 3 x 1200 m = 3600 m, over 3400 m by 200 m in each of 2 slots = 400
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replicas(web, n1, n1, n1)))
                    .justifiesWithExactly(new HeadroomExceeded("n1", List.of(0, 1), 3600, 3400))
                    .penalizesBy(400);
        }

        @Test
        void requestsUpToTheTargetAreFine() {
            Workload web = fleet.service("web").cpu(1700).replicas(2).build();

            // 2 x 1700 m = 3400 m: at the target, not over
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replicas(web, n1, n1)))
                    .penalizes(0);
        }

        @ParameterizedTest(name = "{0} m on a 4000 m node costs {1}")
        @CsvSource({
                // 200 m over x 2 slots = 400
                "3600, 400",
                // 600 m over x 2 slots = 1200
                "4000, 1200"})
        void penaltyGrowsWithTheRequestsOver(long cpuMillis, long penalty) {
            Workload web = fleet.service("web").cpu(cpuMillis).build();

            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replica(web, 0, n1)))
                    .penalizesBy(penalty);
        }

        @Test
        void targetComesFromThePolicy() {
            fleet.policy(TestFleet.policyWithHeadroomTarget(0.5));
            Workload web = fleet.service("web").cpu(1200).replicas(2).build();

            // target 0.5 x 4000 m = 2000 m; 2 x 1200 m = 2400 m, over by 400 m x 2 slots = 800
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replicas(web, n1, n1)))
                    .justifiesWith(new HeadroomExceeded("n1", List.of(0, 1), 2400, 2000))
                    .penalizesBy(800);
        }

        @Test
        void targetIsThePlansWhateverTheWorkloadsPolicySays() {
            Workload web = fleet.service("web").cpu(1200).replicas(3).policy(TestFleet.policyWithHeadroomTarget(0.5)).build();

            // the node's target, at the plan's 0.85: 3600 m over 3400 m by 200 m x 2 slots = 400 (at 0.5 it would be 3200)
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replicas(web, n1, n1, n1)))
                    .justifiesWithExactly(new HeadroomExceeded("n1", List.of(0, 1), 3600, 3400))
                    .penalizesBy(400);
        }

        @ParameterizedTest(name = "target {0} on a {1} m node leaves {2} m, and exactly that costs nothing")
        @CsvSource({
                // in doubles each of these products is just below the integer, e.g. 3000 x 0.57 = 1709.99...
                "0.29, 1500, 435",
                "0.57, 3000, 1710",
                "0.58, 6000, 3480"})
        void nodeFilledExactlyToAnAwkwardTargetIsFine(double target, long capacityMillis, long targetMillis) {
            fleet.policy(TestFleet.policyWithHeadroomTarget(target));
            Node node = fleet.nodeSpec("n2").cpu(capacityMillis).build();
            Workload exact = fleet.service("exact").cpu(targetMillis).build();
            Workload oneMore = fleet.service("one-more").cpu(targetMillis + 1).build();

            // at the target: nothing
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replica(exact, 0, node)))
                    .penalizes(0);
            // 1 m over in each of 2 slots = 2
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replica(oneMore, 0, node)))
                    .penalizesBy(2);
        }

        @Test
        void jobCountsOnlyInTheSlotsItRuns() {
            Workload batch = fleet.job("batch").cpu(3600).build();

            // slot 1 only: 3600 - 3400 = 200 m x 1 slot = 200
            VERIFIER.verifyThat(PlacementConstraints::headroomTarget)
                    .given(fleet.with(replica(batch, 0, n1, 1)))
                    .justifiesWithExactly(new HeadroomExceeded("n1", List.of(1), 3600, 3400))
                    .penalizesBy(200);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.PREFER_NO_SCHEDULE)
    class PreferNoScheduleTaint {

        private final TestFleet fleet = new TestFleet(2);
        private final Node spot = fleet.nodeSpec("spot-1").taint("spot", "", PREFER_NO_SCHEDULE).build();

        @Test
        void eachReplicaOnADiscouragingNodeCostsOne() {
            Workload batch = fleet.service("batch").replicas(2).build();

            // 2 replicas on a node with an untolerated PreferNoSchedule taint: 1 + 1 = 2 x 20000000 µg
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replicas(batch, spot, spot)))
                    .justifiesWith(new DiscouragedTaints("batch#0", "spot-1", List.of("spot:PreferNoSchedule")))
                    .penalizesBy(2 * MICROGRAMS_PER_DISCOURAGED_REPLICA);
        }

        @Test
        void toleratedTaintIsFine() {
            Workload batch = fleet.service("batch")
                    .tolerate(new Toleration("spot", Toleration.Operator.EXISTS, "", Optional.empty())).build();

            // the workload tolerates spot
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(batch, 0, spot)))
                    .penalizes(0);
        }

        @Test
        void severalDiscouragingTaintsStillCostOnePerReplica() {
            Node busy = fleet.nodeSpec("busy-1").taint("spot", "", PREFER_NO_SCHEDULE)
                    .taint("noisy", "true", PREFER_NO_SCHEDULE).build();
            Workload batch = fleet.service("batch").build();

            // two untolerated PreferNoSchedule taints, one replica: 1 x 20000000 µg
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(batch, 0, busy)))
                    .justifiesWith(new DiscouragedTaints("batch#0", "busy-1", List.of("spot:PreferNoSchedule", "noisy=true:PreferNoSchedule")))
                    .penalizesBy(MICROGRAMS_PER_DISCOURAGED_REPLICA);
        }

        @Test
        void forbiddingTaintsAreNotCountedHere() {
            Node gpu = fleet.nodeSpec("gpu-1").taint("gpu", "true", NO_SCHEDULE).build();
            Workload batch = fleet.service("batch").build();

            // NoSchedule is the hard constraint's business
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(batch, 0, gpu)))
                    .penalizes(0);
        }

        @Test
        void workloadPaysItsOwnPriceForADiscouragingNode() {
            Workload critical = fleet.service("critical").policy(TestFleet.prices().preferNoSchedule(100).build()).build();
            Workload batch = fleet.service("batch").build();

            // critical#0 at its own 100 g: 100000000; batch#0 at the plan's 20 g: 20000000. 120000000
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(critical, 0, spot), replica(batch, 0, spot)))
                    .penalizesBy(120_000_000);
        }

        @Test
        void workloadMindsATaintThePlanLeavesFree() {
            fleet.policy(TestFleet.prices().preferNoSchedule(0).build());
            Workload critical = fleet.service("critical").policy(TestFleet.prices().preferNoSchedule(100).build()).build();
            Workload batch = fleet.service("batch").build();

            // critical#0 at its own 100 g: 100000000; batch#0 at the plan's 0 g: no match
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(critical, 0, spot), replica(batch, 0, spot)))
                    .justifiesWithExactly(new DiscouragedTaints("critical#0", "spot-1", List.of("spot:PreferNoSchedule")))
                    .penalizesBy(100_000_000);
        }

        @Test
        void workloadThatDoesNotMindTheTaintHasNoMatch() {
            Workload batch = fleet.service("batch").policy(TestFleet.prices().preferNoSchedule(0).build()).build();

            // its own 0 g beats the plan's 20 g
            VERIFIER.verifyThat(PlacementConstraints::preferNoScheduleTaint)
                    .given(fleet.with(replica(batch, 0, spot)))
                    .penalizes(0);
        }
    }
}
