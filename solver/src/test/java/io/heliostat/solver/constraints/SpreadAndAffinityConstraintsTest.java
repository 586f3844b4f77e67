package io.heliostat.solver.constraints;

import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.replicas;
import static io.heliostat.solver.testing.TestFleet.unplaced;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.constraints.justifications.ColocationMissing;
import io.heliostat.solver.constraints.justifications.ReplicasShareNode;
import io.heliostat.solver.constraints.justifications.SpreadTooNarrow;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * Rules over several replicas: spread across failure domains, anti-affinity, co-location.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
class SpreadAndAffinityConstraintsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    /** Clusters a and b in region eu, c in region us; a has two nodes. */
    @Nested
    @DisplayName(PlacementConstraints.SPREAD)
    class SpreadAcrossDomains {

        private final TestFleet fleet = new TestFleet(2);
        private final Cluster a = fleet.cluster("a").region("eu").build();
        private final Cluster b = fleet.cluster("b").region("eu").build();
        private final Cluster c = fleet.cluster("c").region("us").build();
        private final Node a1 = fleet.node("a-1", a).build();
        private final Node a2 = fleet.node("a-2", a).build();
        private final Node b1 = fleet.node("b-1", b).build();
        private final Node c1 = fleet.node("c-1", c).build();

        @Test
        void replicasInTooFewDomainsCostTheDomainsMissing() {
            Workload web = fleet.service("web").replicas(3).spread(TopologyKey.CLUSTER, 3).build();

            // 3 replicas on two nodes of cluster a: 1 cluster of the 3 required, 3 - 1 = 2
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, a2, a1)))
                    .justifiesWith(new SpreadTooNarrow("web", "cluster", 1, 3))
                    .penalizesBy(2);
        }

        @Test
        void replicasInEnoughDomainsAreFine() {
            Workload web = fleet.service("web").replicas(3).spread(TopologyKey.CLUSTER, 3).build();

            // clusters a, b and c: 3 of 3
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, b1, c1)))
                    .penalizes(0);
        }

        @Test
        void penaltyShrinksAsDomainsAreAdded() {
            Workload web = fleet.service("web").replicas(3).spread(TopologyKey.CLUSTER, 3).build();

            // clusters a and b: 2 of 3, 3 - 2 = 1 (one cluster cost 2)
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, a2, b1)))
                    .penalizesBy(1);
        }

        @Test
        void fewerReplicasThanMinDomainsNeedOneDomainEach() {
            Workload web = fleet.service("web").replicas(2).spread(TopologyKey.CLUSTER, 3).build();

            // 2 replicas can cover at most 2 clusters: min(3, 2) = 2 required, a and b give 2
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, b1)))
                    .penalizes(0);
        }

        @Test
        void onlyPlacedReplicasCountSoPlacingPartOfAWorkloadNeverLosesToDroppingIt() {
            Workload web = fleet.service("web").replicas(3).spread(TopologyKey.CLUSTER, 3).build();

            // 1 of 3 placed: min(3, 1) = 1 domain required, a gives 1: no hard cost for being partly placed
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, null, null)))
                    .penalizes(0);
        }

        @Test
        void fewerReplicasThanMinDomainsStillMustNotShareADomain() {
            Workload web = fleet.service("web").replicas(2).spread(TopologyKey.CLUSTER, 3).build();

            // min(3, 2) = 2 required, both in cluster a: 2 - 1 = 1
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, a2)))
                    .justifiesWith(new SpreadTooNarrow("web", "cluster", 1, 2))
                    .penalizesBy(1);
        }

        @Test
        void regionSpreadCountsClustersOfOneRegionOnce() {
            Workload web = fleet.service("web").replicas(2).spread(TopologyKey.REGION, 2).build();

            // clusters a and b are both region eu: 1 region of 2, 2 - 1 = 1
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, b1)))
                    .justifiesWith(new SpreadTooNarrow("web", "region", 1, 2))
                    .penalizesBy(1);
        }

        @Test
        void regionSpreadIsMetByTwoRegions() {
            Workload web = fleet.service("web").replicas(2).spread(TopologyKey.REGION, 2).build();

            // a is eu, c is us: 2 of 2
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, c1)))
                    .penalizes(0);
        }

        @Test
        void nodeSpreadIsMetByTwoNodesOfOneCluster() {
            Workload web = fleet.service("web").replicas(2).spread(TopologyKey.NODE, 2).build();

            // a-1 and a-2 are two nodes: 2 of 2
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, a2)))
                    .penalizes(0);
        }

        @Test
        void workloadWithoutSpreadMayShareADomain() {
            Workload web = fleet.service("web").replicas(3).build();

            // no spread rule: all on a-1 is allowed
            VERIFIER.verifyThat(PlacementConstraints::spreadAcrossDomains)
                    .given(fleet.with(replicas(web, a1, a1, a1)))
                    .penalizes(0);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.ANTI_AFFINITY)
    class ReplicaAntiAffinity {

        private final TestFleet fleet = new TestFleet(2);
        private final Node n1 = fleet.node("n1");
        private final Node n2 = fleet.node("n2");
        private final Node n3 = fleet.node("n3");

        @Test
        void everyPairOfReplicasSharingANodeCostsOne() {
            Workload web = fleet.service("web").replicas(3).antiAffinity().build();

            // 3 replicas on n1 make 3 pairs: (0,1), (0,2), (1,2) = 3
            VERIFIER.verifyThat(PlacementConstraints::replicaAntiAffinity)
                    .given(fleet.with(replicas(web, n1, n1, n1)))
                    .justifiesWithExactly(new ReplicasShareNode("web#0", "web#1", "n1"),
                            new ReplicasShareNode("web#0", "web#2", "n1"),
                            new ReplicasShareNode("web#1", "web#2", "n1"))
                    .penalizesBy(3);
        }

        @Test
        void penaltyShrinksAsReplicasSpreadOut() {
            Workload web = fleet.service("web").replicas(3).antiAffinity().build();

            // web#0 and web#1 share n1: 1 pair (three on one node cost 3)
            VERIFIER.verifyThat(PlacementConstraints::replicaAntiAffinity)
                    .given(fleet.with(replicas(web, n1, n1, n2)))
                    .penalizesBy(1);
        }

        @Test
        void replicasOnDifferentNodesAreFine() {
            Workload web = fleet.service("web").replicas(3).antiAffinity().build();

            // n1, n2, n3: no pair shares a node
            VERIFIER.verifyThat(PlacementConstraints::replicaAntiAffinity)
                    .given(fleet.with(replicas(web, n1, n2, n3)))
                    .penalizes(0);
        }

        @Test
        void workloadWithoutAntiAffinityMayShareANode() {
            Workload web = fleet.service("web").replicas(3).build();

            // 3 pairs on n1, but the workload is not anti-affine
            VERIFIER.verifyThat(PlacementConstraints::replicaAntiAffinity)
                    .given(fleet.with(replicas(web, n1, n1, n1)))
                    .penalizes(0);
        }

        @Test
        void replicasOfDifferentWorkloadsMayShareANode() {
            Workload web = fleet.service("web").antiAffinity().build();
            Workload api = fleet.service("api").antiAffinity().build();

            // web#0 and api#0 on n1 are not replicas of one workload
            VERIFIER.verifyThat(PlacementConstraints::replicaAntiAffinity)
                    .given(fleet.with(replica(web, 0, n1), replica(api, 0, n1)))
                    .penalizes(0);
        }
    }

    /**
     * The api needs a db replica in its latency domain. Clusters madrid-1 and madrid-2 share the latency
     * domain madrid; paris is its own.
     */
    @Nested
    @DisplayName(PlacementConstraints.COLOCATION)
    class Colocation {

        private final TestFleet fleet = new TestFleet(2);
        private final Cluster madrid1 = fleet.cluster("madrid-1").latencyDomain("madrid").build();
        private final Cluster madrid2 = fleet.cluster("madrid-2").latencyDomain("madrid").build();
        private final Cluster paris = fleet.cluster("paris").build();
        private final Node madrid1Node = fleet.node("m1", madrid1).build();
        private final Node madrid2Node = fleet.node("m2", madrid2).build();
        private final Node parisNode = fleet.node("p1", paris).build();
        private final Workload db = fleet.service("db").replicas(2).build();
        private final Workload api = fleet.service("api").replicas(2).colocateWith("db").build();

        @Test
        void replicaWithoutItsDependencyNearbyCostsOne() {
            // api#0 in paris, the only db in madrid: 1
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replica(api, 0, parisNode), replica(db, 0, madrid1Node)))
                    .justifiesWithExactly(new ColocationMissing("api#0", "db", "paris"))
                    .penalizesBy(1);
        }

        @Test
        void replicaWithItsDependencyInTheSameClusterIsFine() {
            // api#0 and db#0 both in madrid-1
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replica(api, 0, madrid1Node), replica(db, 0, madrid1Node)))
                    .penalizes(0);
        }

        @Test
        void dependencyInAnotherClusterOfTheSameLatencyDomainCounts() {
            // api#0 in madrid-2, db#0 in madrid-1: both in latency domain madrid
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replica(api, 0, madrid2Node), replica(db, 0, madrid1Node)))
                    .penalizes(0);
        }

        @Test
        void eachReplicaNeedsItsOwnNeighbour() {
            // api#0 in madrid with db#0 (fine); api#1 in paris with none: 0 + 1 = 1
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replicas(api, madrid1Node, parisNode), replica(db, 0, madrid1Node)))
                    .justifiesWithExactly(new ColocationMissing("api#1", "db", "paris"))
                    .penalizesBy(1);
        }

        @Test
        void penaltyGrowsWithTheReplicasMissingANeighbour() {
            // api#0 and api#1 in paris, the db in madrid: 1 + 1 = 2
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replicas(api, parisNode, parisNode), replica(db, 0, madrid1Node)))
                    .penalizesBy(2);
        }

        @Test
        void unplacedDependencyIsNoNeighbour() {
            // db#0 has no node, so madrid has no db: 1
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replica(api, 0, madrid1Node), unplaced(db, 0)))
                    .penalizesBy(1);
        }

        @Test
        void dependencyDoesNotNeedItsDependents() {
            // db#1 alone in paris: the rule binds api replicas, not db ones
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(fleet.with(replica(api, 0, madrid1Node), replicas(db, madrid1Node, parisNode)))
                    .penalizes(0);
        }

        @Test
        void clustersOfOneRegionShareALatencyDomainByDefault() {
            TestFleet regional = new TestFleet(2);
            Node east = regional.node("east-1", regional.cluster("east-a").region("eu-south-2").build()).build();
            Node west = regional.node("west-1", regional.cluster("east-b").region("eu-south-2").build()).build();
            Workload cache = regional.service("cache").build();
            Workload web = regional.service("web").colocateWith("cache").build();

            // no latency domain given: both default to their region eu-south-2
            VERIFIER.verifyThat(PlacementConstraints::colocation)
                    .given(regional.with(replica(web, 0, east), replica(cache, 0, west)))
                    .penalizes(0);
        }
    }
}
