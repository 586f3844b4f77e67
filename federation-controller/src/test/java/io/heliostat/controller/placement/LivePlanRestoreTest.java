package io.heliostat.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.solver.domain.FleetFacts;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.io.FleetDefinition;
import io.heliostat.solver.io.ProblemFileReader;

/** The live plan rebuilt from the shared map, on a horizon of hourly slots from 10:00; it is 10:30 now. */
class LivePlanRestoreTest {

    private static final Instant TEN = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = TEN.plus(Duration.ofMinutes(30));
    private static final Horizon HORIZON = new Horizon(TEN, Duration.ofHours(1), 24);

    private final FleetDefinition fleet = readFleet();

    private static FleetDefinition readFleet() {
        try {
            return new ProblemFileReader().readFleet(RunningController.DEMO_FLEET);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private FleetPlan restore(PlacedWorkload... placed) {
        return LivePlanRestore.plan(fleet, new PlacementPolicies(Map::of), HORIZON, FleetFacts.of(fleet.plan()), List.of(placed), NOW);
    }

    private static WorkloadSpec service(String id, List<String> colocateWith) {
        return new WorkloadSpec(id, null, "service", new ResourceRequest("1", "1Gi", null, null, null), 1, Map.of(), List.of(), null,
                List.of(), null, null, null, null, colocateWith, null, null, null, null, null);
    }

    /** A one-replica batch job of two hours, due by the end of the day. */
    private static WorkloadSpec job(String id) {
        return new WorkloadSpec(id, null, "batch", new ResourceRequest("1", "1Gi", null, null, null), 1, Map.of(), List.of(), null,
                List.of(), null, null, null, null, List.of(), Duration.ofHours(2), null, TEN.plus(Duration.ofHours(20)), null, null);
    }

    private static PlacedWorkload on(WorkloadSpec spec, String node, Instant startAt) {
        return new PlacedWorkload(spec, new PlacementDecision(spec.id(), null, "default", TEN, 100, 1.0,
                List.of(new ReplicaDecision(spec.id() + "#0", node, null, null, 1.0, null, startAt, null, List.of()))));
    }

    private static Replica only(FleetPlan plan) {
        assertThat(plan.getReplicas()).hasSize(1);
        return plan.getReplicas().getFirst();
    }

    @Test
    void a_service_runs_where_its_decision_put_it_and_moving_it_costs_migration() {
        Replica replica = only(restore(on(service("web", List.of()), "no-1", null)));

        assertThat(replica.getNode().id()).isEqualTo("no-1");
        assertThat(replica.getCurrentNode()).isSameAs(replica.getNode());
        assertThat(replica.getStartSlot()).isZero();
        assertThat(replica.isPinned()).isFalse();
    }

    @Test
    void a_job_that_has_not_started_keeps_its_start_slot() {
        Replica replica = only(restore(on(job("report"), "de-1", TEN.plus(Duration.ofHours(5)))));

        assertThat(replica.getStartSlot()).isEqualTo(5);
        assertThat(replica.isPinned()).isFalse();
        // It may start from the current slot (it is 10:30) until two hours before its deadline at slot 20.
        assertThat(replica.getWorkload().releaseSlot()).isZero();
        assertThat(replica.getWorkload().deadlineSlot()).isEqualTo(20);
    }

    @Test
    void a_running_job_is_pinned_and_holds_its_node_until_it_ends() {
        // Started at 9:45, two hours: it ends at 11:45, in slot 1.
        Replica replica = only(restore(on(job("report"), "de-1", TEN.minus(Duration.ofMinutes(15)))));

        assertThat(replica.isPinned()).isTrue();
        assertThat(replica.getNode().id()).isEqualTo("de-1");
        assertThat(replica.getStartSlot()).isZero();
        assertThat(replica.getWorkload().durationSlots()).isEqualTo(2);
    }

    @Test
    void a_job_whose_run_is_over_leaves_the_plan() {
        FleetPlan plan = restore(on(job("report"), "de-1", TEN.minus(Duration.ofHours(3))));

        assertThat(plan.getWorkloads()).isEmpty();
        assertThat(plan.getReplicas()).isEmpty();
    }

    @Test
    void a_replica_on_a_node_the_fleet_no_longer_has_waits_for_room() {
        Replica replica = only(restore(on(service("web", List.of()), "retired-node", null)));

        assertThat(replica.getNode()).isNull();
        assertThat(replica.getCurrentNode()).isNull();
    }

    @Test
    void a_workload_whose_dependency_is_not_in_the_plan_is_left_out_with_it() {
        WorkloadSpec lost = job("lost");
        FleetPlan plan = restore(on(lost, "de-1", TEN.minus(Duration.ofHours(3))),
                on(service("api", List.of("lost")), "de-1", null), on(service("web", List.of()), "no-1", null));

        assertThat(plan.getWorkloads()).extracting(workload -> workload.id()).containsExactly("web");
        assertThat(plan.getReplicas()).extracting(Replica::getId).containsExactly("web#0");
    }
}
