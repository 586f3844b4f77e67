package io.heliostat.solver.constraints;

import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.unplaced;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.constraints.justifications.ReplicaUnplaced;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * A replica no node can take stays unplaced at a medium cost, rather than breaking a hard rule.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
@DisplayName(PlacementConstraints.UNPLACED)
class UnplacedReplicaConstraintTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private final TestFleet fleet = new TestFleet(2);
    private final Node node = fleet.node("n1");

    @Test
    void eachUnplacedReplicaCostsOne() {
        Workload web = fleet.service("web").replicas(3).build();

        // web#1 and web#2 have no node: 1 + 1 = 2
        VERIFIER.verifyThat(PlacementConstraints::unplacedReplica)
                .given(fleet.with(replica(web, 0, node), unplaced(web, 1), unplaced(web, 2)))
                .justifiesWithExactly(new ReplicaUnplaced("web#1"), new ReplicaUnplaced("web#2"))
                .penalizesBy(2);
    }

    @Test
    void placedReplicaIsFine() {
        Workload web = fleet.service("web").build();

        // web#0 is on n1
        VERIFIER.verifyThat(PlacementConstraints::unplacedReplica)
                .given(fleet.with(replica(web, 0, node)))
                .penalizes(0);
    }

    @Test
    void replicaTheSolverHasNotTouchedYetIsUnplaced() {
        Workload web = fleet.service("web").build();

        // as FleetPlan creates it: no node and no start slot yet: 1
        VERIFIER.verifyThat(PlacementConstraints::unplacedReplica)
                .given(fleet.with(new Replica(web, 0)))
                .penalizesBy(1);
    }

    @Test
    void unplacedReplicaCostsOnlyMediumScore() {
        // a workload that breaks every hard rule on n1 and runs there now
        Workload impossible = fleet.service("impossible").cpu(64_000).gpus(4).select("disk", "nvme")
                .residency("CH").spread(TopologyKey.CLUSTER, 2).antiAffinity().replicas(2).build();
        Replica first = unplaced(impossible, 0);
        first.setCurrentNode(node);

        // no hard, no soft (not a move, no carbon, no idle node), 2 unplaced replicas: 0hard/-2medium/0soft
        VERIFIER.verifyThat()
                .given(fleet.with(first, unplaced(impossible, 1)))
                .scores(HardMediumSoftScore.ofMedium(-2));
    }
}
