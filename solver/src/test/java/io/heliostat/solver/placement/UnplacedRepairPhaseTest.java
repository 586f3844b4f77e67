package io.heliostat.solver.placement;

import static io.heliostat.solver.testing.TestFleet.replica;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * The repair of what the constructions left unplaced, run as the only phase, so that nothing else moves a replica.
 * Nodes are TestFleet's default (4000 m CPU, 16384 MiB); "gpu" is the one node a selective workload may use.
 */
class UnplacedRepairPhaseTest {

    private final TestFleet f = new TestFleet(4);
    private final Cluster site = f.cluster("site", f.flatZone("site", 100));
    private final Node only = f.node("only", site).label("accelerator", "yes").build();
    private final Node other = f.node("other", site).build();
    /** Fits "only" beside nothing bigger than 1000 m. */
    private final Workload selective = f.service("selective").cpu(3000).select("accelerator", "yes").build();
    private final Workload anywhere = f.service("anywhere").cpu(2000).build();

    @Test
    void aReplicaWhoseOnlyNodeIsFullIsPlacedThereOnceAReplicaThatCanGoElsewhereMoves() {
        List<Replica> replicas = new ArrayList<>();
        replicas.add(replica(anywhere, 0, only));
        replicas.add(TestFleet.unplaced(selective, 0));
        replicas.add(replica(f.service("keeps-other-on").cpu(1000).build(), 0, other));

        FleetPlan repaired = repair(f.plan(replicas));

        assertThat(placement(repaired, "selective#0")).isEqualTo("only");
        assertThat(placement(repaired, "anywhere#0")).isEqualTo("other");
        assertThat(repaired.getScore().hardScore()).isZero();
        assertThat(repaired.getScore().mediumScore()).isZero();
    }

    @Test
    void aReplicaStaysUnplacedWhenMakingRoomWouldLeaveAnotherWithout() {
        // "other" has 500 m left: the replica on "only" has nowhere to go, so nothing moves.
        FleetPlan problem = f.plan(List.of(replica(anywhere, 0, only), TestFleet.unplaced(selective, 0),
                replica(f.service("fills-other").cpu(3500).build(), 0, other)));

        FleetPlan repaired = repair(problem);

        assertThat(placement(repaired, "selective#0")).isNull();
        assertThat(placement(repaired, "anywhere#0")).isEqualTo("only");
        assertThat(repaired.getScore().mediumScore()).isNegative();
    }

    private static FleetPlan repair(FleetPlan problem) {
        return SolverFactory.<FleetPlan>create(PlacementModel.solverConfig()
                        .withEnvironmentMode(EnvironmentMode.FULL_ASSERT)
                        .withPhases(new CustomPhaseConfig().withCustomPhaseCommandList(List.of(new UnplacedRepairPhase()))))
                .buildSolver().solve(problem);
    }

    private static String placement(FleetPlan plan, String replicaId) {
        Replica replica = plan.getReplicas().stream().filter(r -> r.getId().equals(replicaId)).findFirst().orElseThrow();
        return replica.getNode() == null ? null : replica.getNode().id();
    }
}
