package io.heliostat.controller.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.solver.domain.FleetFacts;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.io.FleetDefinition;

/**
 * The live plan as the shared {@code workloads} map has it, on a given horizon: every accepted workload with each
 * replica where its decision put it (its current node, so that a solve pays for moving it). A job whose replicas
 * have all finished is left out; a job that has started holds its nodes until it ends and does not move. What the
 * fleet no longer knows (a node or user location gone from the fleet file) is logged: such a replica waits for
 * room, such a workload is left out of the plan but stays placed.
 */
final class LivePlanRestore {

    private static final Logger LOG = LoggerFactory.getLogger(LivePlanRestore.class);

    private LivePlanRestore() {
    }

    static FleetPlan plan(FleetDefinition fleet, PlacementPolicies policies, Horizon horizon, FleetFacts facts,
                          Collection<PlacedWorkload> placed, Instant now) {
        Map<String, Node> nodes = new HashMap<>();
        facts.nodes().forEach(node -> nodes.put(node.id(), node));
        Map<String, Workload> workloads = new HashMap<>();
        List<Replica> replicas = new ArrayList<>();
        for (PlacedWorkload workload : placed.stream().sorted(Comparator.comparing(p -> p.spec().id())).toList()) {
            restore(workload, policies, fleet, horizon, now, nodes).ifPresent(restored -> {
                workloads.put(restored.workload().id(), restored.workload());
                replicas.addAll(restored.replicas());
            });
        }
        // A workload must run next to those it names: without one of them it cannot be planned either.
        boolean dropped;
        do {
            dropped = workloads.values().removeIf(workload -> workload.colocateWith().stream().anyMatch(id -> {
                boolean missing = !workloads.containsKey(id);
                if (missing) {
                    LOG.warn("workload {} is left out of the live plan: {}, which it must run next to, is not in it", workload.id(), id);
                }
                return missing;
            }));
        } while (dropped);
        replicas.removeIf(replica -> workloads.get(replica.getWorkload().id()) != replica.getWorkload());
        List<Workload> ordered = workloads.values().stream().sorted(Comparator.comparing(Workload::id)).toList();
        return new FleetPlan(horizon, policies.fleetDefault().weights(), facts.zones(), facts.clusters(), facts.nodes(), ordered, replicas);
    }

    /** A workload of the shared map on the live horizon, and its replicas where they run. */
    record Restored(Workload workload, List<Replica> replicas) {
    }

    /** Empty for a job whose runs are over, or a workload the fleet can no longer plan (logged). */
    static Optional<Restored> restore(PlacedWorkload placed, PlacementPolicies policies, FleetDefinition fleet, Horizon horizon,
                                      Instant now, Map<String, Node> nodes) {
        WorkloadSpec spec = placed.spec();
        List<ReplicaDecision> decided = placed.decision().replicas();
        boolean running = false;
        Instant end = null;
        if (spec.isJob()) {
            List<Instant> ends = decided.stream().filter(ReplicaDecision::placed).map(r -> r.startAt().plus(spec.duration())).toList();
            if (!ends.isEmpty() && decided.stream().allMatch(ReplicaDecision::placed) && ends.stream().noneMatch(e -> e.isAfter(now))) {
                return Optional.empty(); // every run is over
            }
            running = decided.stream().anyMatch(r -> r.placed() && !r.startAt().isAfter(now));
            end = ends.stream().max(Comparator.naturalOrder()).orElse(null);
        }
        PlacementPolicies.Named policy = policies.current(spec.policy());
        WorkloadTranslation.Result translated = running ? WorkloadTranslation.translateRunning(spec, policy, fleet, horizon, end)
                : WorkloadTranslation.translate(spec, policy, fleet, horizon, now);
        if (translated.workload().isEmpty()) {
            LOG.warn("workload {} is left out of the live plan: {}", spec.id(), translated.errors());
            return Optional.empty();
        }
        Workload workload = translated.workload().get();
        List<Replica> replicas = new ArrayList<>();
        for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
            ReplicaDecision decision = ordinal < decided.size() ? decided.get(ordinal) : null;
            Node node = decision == null || decision.node() == null ? null : nodes.get(decision.node());
            if (decision != null && decision.node() != null && node == null) {
                LOG.warn("replica {} of workload {} ran on node {}, which the fleet no longer has: it waits for room", ordinal,
                        spec.id(), decision.node());
            }
            if (node == null) {
                replicas.add(new Replica(workload, ordinal, null, workload.releaseSlot()));
                continue;
            }
            boolean started = running && !decision.startAt().isAfter(now);
            int slot = !spec.isJob() || started ? workload.releaseSlot()
                    : Math.max(workload.releaseSlot(), WorkloadTranslation.slotOf(horizon, decision.startAt()));
            Replica replica = new Replica(workload, ordinal, node, slot);
            replica.setCurrentNode(node);
            replica.setPinned(started);
            replicas.add(replica);
        }
        return Optional.of(new Restored(workload, replicas));
    }
}
