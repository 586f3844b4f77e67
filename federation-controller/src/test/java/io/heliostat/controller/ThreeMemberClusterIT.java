package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.api.placement.ReplicaMove;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.node.NodeReports;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.placement.MoveReplicas;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.ReplicaChange;
import io.heliostat.controller.reoptimisation.FleetReoptimisation;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.io.ProblemFileReader;

/** Three controller members in one JVM over loopback TCP-IP, as production runs N of them. */
class ThreeMemberClusterIT {

    static final List<String> MEMBERS = List.of("127.0.0.1:5801", "127.0.0.1:5802", "127.0.0.1:5803");
    static final String WORK = "reoptimisation";

    private final List<Controller> members = new ArrayList<>();

    /** Long enough a solve that a test can kill its leader while it runs. */
    static final Duration SOLVE = Duration.ofSeconds(4);

    @BeforeEach
    void start() {
        for (int port = 5801; port <= 5803; port++) {
            members.add(member(port));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream()
                .allMatch(member -> member.cluster().member().getCluster().getMembers().size() == 3));
        // Every partition backed up on another member: until then a member that dies can take entries with it.
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream()
                .allMatch(member -> member.cluster().member().getPartitionService().isClusterSafe()));
    }

    @AfterEach
    void stop() {
        members.forEach(member -> {
            if (member.cluster().member().getLifecycleService().isRunning()) {
                member.close();
            }
        });
    }

    @Test
    void only_the_oldest_member_leads_and_the_next_oldest_takes_over_with_a_higher_epoch() {
        Controller oldest = members.get(0);
        Optional<Long> epoch = oldest.leadership().lead(WORK);

        assertThat(epoch).isPresent();
        assertThat(members.get(1).leadership().lead(WORK)).isEmpty();
        assertThat(members.get(2).leadership().lead(WORK)).isEmpty();

        oldest.cluster().member().getLifecycleService().terminate();

        Controller next = members.get(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> next.leadership().lead(WORK).isPresent());
        assertThat(next.leadership().lead(WORK)).contains(epoch.get() + 1);
        assertThat(next.leadership().holds(WORK, epoch.get())).isFalse();
        assertThat(members.get(2).leadership().lead(WORK)).isEmpty();
    }

    @Test
    void every_report_accepted_by_any_member_survives_the_death_of_the_oldest() {
        for (int i = 0; i < 300; i++) {
            members.get(i % 3).nodes().accept(report("node-" + i, 1));
        }

        members.get(0).cluster().member().getLifecycleService().terminate();

        Controller survivor = members.get(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(survivor.nodes().nodes()).extracting(NodeState::nodeId).hasSize(300));
        assertThat(survivor.nodes().node("node-0")).map(NodeState::lastSequence).contains(1L);
    }

    @Test
    void a_member_that_rejoins_does_not_take_leadership_back() {
        Long epoch = members.get(0).leadership().lead(WORK).orElseThrow();
        members.get(0).close();
        await().atMost(Duration.ofSeconds(20)).until(() -> members.get(1).leadership().lead(WORK).isPresent());

        Controller rejoined = member(5801);
        members.set(0, rejoined);
        await().atMost(Duration.ofSeconds(30)).until(() -> rejoined.cluster().member().getCluster().getMembers().size() == 3);

        assertThat(rejoined.leadership().lead(WORK)).isEmpty();
        assertThat(members.get(1).leadership().lead(WORK)).contains(epoch + 1);
    }

    @Test
    void killing_the_leader_mid_reoptimisation_loses_no_placement_and_the_next_oldest_resumes_the_work() throws Exception {
        List<String> placed = placeOnDirtyNodesThenBringUpCleanOnes(members.get(0));
        CompletableFuture<Optional<ReoptimisationRound>> dying = CompletableFuture.supplyAsync(() -> {
            members.get(0).reoptimisation().request();
            return members.get(0).reoptimisation().runIfDue();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> members.get(2).reoptimisation().rounds().stream()
                .anyMatch(round -> round.status().equals(ReoptimisationRound.RUNNING)));
        ReoptimisationRound interrupted = members.get(2).reoptimisation().rounds().stream()
                .filter(round -> round.status().equals(ReoptimisationRound.RUNNING)).findFirst().orElseThrow();

        members.get(0).cluster().member().getLifecycleService().terminate();

        Controller next = members.get(1);
        AtomicReference<ReoptimisationRound> resumed = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            next.reoptimisation().runIfDue().ifPresent(resumed::set);
            return resumed.get() != null;
        });
        assertThat(resumed.get().trigger()).isEqualTo(FleetReoptimisation.TAKEOVER);
        assertThat(resumed.get().status()).isEqualTo(ReoptimisationRound.COMPLETED);
        assertThat(resumed.get().epoch()).isGreaterThan(interrupted.epoch());
        assertThat(appliedMoves(resumed.get())).isNotEmpty();
        assertThat(next.reoptimisation().round(interrupted.id()).map(ReoptimisationRound::status)).contains(ReoptimisationRound.ABANDONED);
        assertThat(members.get(2).placements().placements()).extracting(workload -> workload.spec().id())
                .containsExactlyInAnyOrderElementsOf(placed);
        assertThat(members.get(2).placements().placements()).allSatisfy(workload ->
                assertThat(workload.decision().replicas().get(0).node()).startsWith("no-"));
        assertThat(dying).failsWithin(Duration.ofSeconds(30));
    }

    @Test
    void a_restarted_member_repeats_no_move() {
        placeOnDirtyNodesThenBringUpCleanOnes(members.get(0));
        members.get(0).reoptimisation().request();
        ReoptimisationRound first = members.get(0).reoptimisation().runIfDue().orElseThrow();
        assertThat(appliedMoves(first)).hasSize(3);

        members.get(0).close();
        Controller restarted = member(5801);
        members.set(0, restarted);
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.cluster().member().getCluster().getMembers().size() == 3);
        AtomicReference<ReoptimisationRound> after = new AtomicReference<>();
        restarted.reoptimisation().request();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            members.get(1).reoptimisation().runIfDue().ifPresent(after::set);
            return after.get() != null;
        });

        assertThat(after.get().status()).isEqualTo(ReoptimisationRound.COMPLETED);
        assertThat(appliedMoves(after.get())).noneMatch(move -> move.toCluster().equals("aws-eu-central-1"))
                .noneMatch(move -> appliedMoves(first).stream().anyMatch(earlier -> earlier.workload().equals(move.workload())
                        && earlier.fromNode().equals(move.fromNode()) && earlier.toNode().equals(move.toNode())));
        // Written again, the first round's moves find their replicas moved already: none applies twice.
        for (ReplicaMove move : appliedMoves(first)) {
            PlacedWorkload placed = restarted.cluster().workloads().get(move.workload());
            assertThat(placed.movedByRound()).isEqualTo(first.id());
            assertThat(restarted.cluster().workloads().executeOnKey(move.workload(), new MoveReplicas(first.id(), first.epoch(),
                    List.of(new ReplicaChange(move.replica(), move.fromNode(), placed.decision().replicas().get(move.replica()))))))
                    .containsExactly(ReplicaMove.STALE);
        }
    }

    @Test
    void a_workload_placed_through_one_member_takes_its_room_in_every_members_live_plan() {
        // The nodes report to member 0 only; the others hear that they are open for work.
        reportCluster(members.get(0), demoFleet(), "azure-norwayeast");
        List<String> norway = List.of("no-1", "no-2", "no-3", "no-4", "no-gpu-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> members.stream()
                .allMatch(member -> norway.stream().allMatch(member.placements()::takesWork)));
        PlacementDecision wide = members.get(1).placements().place(service("wide", "12"));
        await().atMost(Duration.ofSeconds(10)).until(() -> members.get(2).placements().plans("wide"));

        // The same node would be the cheapest, but it has 4 of its 16 cores left.
        PlacementDecision wider = members.get(2).placements().place(service("wide-2", "12"));

        assertThat(wider.replicas().get(0).node()).startsWith("no-").isNotEqualTo(wide.replicas().get(0).node());
        members.get(1).placements().remove("wide");
        await().atMost(Duration.ofSeconds(10)).until(() -> !members.get(0).placements().plans("wide"));
        assertThat(members.get(0).placements().plans("wide-2")).isTrue();
    }

    private static List<ReplicaMove> appliedMoves(ReoptimisationRound round) {
        return round.moves().stream().filter(move -> move.outcome().equals(ReplicaMove.APPLIED)).toList();
    }

    /**
     * Places three services through {@code member} while only the DE nodes (about 500 g/kWh) have reported, then
     * has the NO nodes (under 15 g/kWh) report: a re-optimisation has three moves worth making.
     */
    private List<String> placeOnDirtyNodesThenBringUpCleanOnes(Controller member) {
        FleetPlan fleet = demoFleet();
        reportCluster(member, fleet, "aws-eu-central-1");
        List<String> placed = List.of("ledger", "search", "thumbnails");
        for (String id : placed) {
            PlacementDecision decision = member.placements().place(service(id, "2"));
            assertThat(decision.replicas().get(0).node()).startsWith("de-");
        }
        reportCluster(member, fleet, "azure-norwayeast");
        return placed;
    }

    private static FleetPlan demoFleet() {
        try {
            return new ProblemFileReader().read(RunningController.DEMO_FLEET);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WorkloadSpec service(String id, String cpu) {
        return new WorkloadSpec(id, null, null, new ResourceRequest(cpu, "2Gi", null, null, null), 1, Map.of(), List.of(), null,
                List.of(), null, null, null, null, List.of(), null, null, null, null, null);
    }

    private static void reportCluster(Controller member, FleetPlan fleet, String cluster) {
        for (Node node : fleet.getNodes()) {
            if (node.cluster().id().equals(cluster)) {
                member.nodes().accept(NodeReports.describing(node, 1, Instant.now(), 0.1));
                member.placements().nodeReady(node.id());
            }
        }
    }

    private static Controller member(int port) {
        return Controller.start(ControllerSettings.ofDefaults().withPolicyDirectory(RunningController.EXAMPLE_POLICIES)
                .withFleetFile(RunningController.DEMO_FLEET).withMembers(port, MEMBERS)
                .withReoptimisation(new ControllerSettings.Reoptimisation(true, Duration.ofSeconds(1), SOLVE, 50)), Clock.systemUTC());
    }

    static NodeReport report(String node, long sequence) {
        return new NodeReport(NodeReport.VERSION, node, sequence, Instant.now(), "edge-berlin",
                new ResourceAmounts(4000, 8192, 0, 0, 32768), null, new PowerReading(5, 2.7, 7.3, 0, false), null,
                List.of("runc"), List.of(), Map.of(), Map.of(), List.of());
    }
}
