package io.heliostat.solver.placement;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.ConstraintWeights;
import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;

/**
 * The soft costs of one placement in the constraints' units and weights (µg CO2e-equivalent), each counted
 * in whole match units as its constraint counts them, a replica's own costs at its workload's prices and a
 * node's at the plan's: the greedy placers head where the optimiser would, and the advisor's estimate of a
 * new replica's cost is the soft score the constraints charge for it.
 */
public final class SoftPrices {

    private final Horizon horizon;
    private final PlacementPolicy policy;
    private final long idleCarbonPerMilligram;
    private final long idleEnergyPerMilliwattHour;
    private final long headroomPerMillicoreSlot;
    /**
     * By window rather than by workload: a live plan sees a new workload with every request, windows repeat.
     * Concurrent: an advisor's rankings read it from the threads of the requests (see PlacementAdvisor.prepare).
     */
    private final Map<Window, Map<Zone, int[]>> startOrders = new ConcurrentHashMap<>();

    public SoftPrices(FleetPlan plan) {
        this.horizon = plan.getHorizon();
        this.policy = plan.getPolicy();
        ConstraintWeightOverrides<HardMediumSoftScore> weights = plan.getConstraintWeightOverrides();
        this.idleCarbonPerMilligram = weights.getConstraintWeight(PlacementConstraints.IDLE_CARBON).softScore();
        this.idleEnergyPerMilliwattHour = weights.getConstraintWeight(PlacementConstraints.IDLE_ENERGY).softScore();
        this.headroomPerMillicoreSlot = weights.getConstraintWeight(PlacementConstraints.HEADROOM).softScore();
    }

    /**
     * What putting the replica on the node from {@code start} costs, headroom apart ({@link #headroomCost}).
     *
     * @param switchesOn  nothing else runs on the node, so its idle draw counts too
     * @param discouraged the node has PreferNoSchedule taints the workload does not tolerate
     */
    public long cost(Replica replica, Node node, int start, boolean switchesOn, boolean discouraged) {
        Workload workload = replica.getWorkload();
        long cost = carbon(workload, node, start) + energy(workload, node) + latency(workload, node);
        if (switchesOn) {
            cost += idleCarbon(node) + idleEnergy(node);
        }
        if (moved(replica, node)) {
            cost += ConstraintWeights.migrationPerMove(pricing(workload));
        }
        if (discouraged) {
            cost += ConstraintWeights.preferNoSchedulePerReplica(pricing(workload));
        }
        return cost;
    }

    /**
     * The cost of {@link #cost} plus {@link #headroomCost}, by soft constraint, given what the ledger holds;
     * constraints that cost nothing are left out.
     */
    public Map<String, Long> costByConstraint(Replica replica, Node node, int start, LoadLedger ledger, boolean discouraged) {
        Workload workload = replica.getWorkload();
        Map<String, Long> costs = new LinkedHashMap<>();
        costs.put(PlacementConstraints.OPERATIONAL_CARBON, carbon(workload, node, start));
        costs.put(PlacementConstraints.ENERGY, energy(workload, node));
        costs.put(PlacementConstraints.LATENCY, latency(workload, node));
        if (!ledger.isOn(node)) {
            costs.put(PlacementConstraints.IDLE_CARBON, idleCarbon(node));
            costs.put(PlacementConstraints.IDLE_ENERGY, idleEnergy(node));
        }
        costs.put(PlacementConstraints.MIGRATION, moved(replica, node) ? ConstraintWeights.migrationPerMove(pricing(workload)) : 0);
        costs.put(PlacementConstraints.HEADROOM, headroomCost(ledger, node, workload, start));
        costs.put(PlacementConstraints.PREFER_NO_SCHEDULE, discouraged ? ConstraintWeights.preferNoSchedulePerReplica(pricing(workload)) : 0);
        costs.values().removeIf(cost -> cost == 0);
        return costs;
    }

    /** What running hotter than the headroom target adds, given what the node carries already. */
    public long headroomCost(LoadLedger ledger, Node node, Workload workload, int start) {
        if (headroomPerMillicoreSlot == 0) {
            return 0;
        }
        long target = PlacementConstraints.headroomMillis(node, policy);
        return headroomPerMillicoreSlot * ledger.cpuAboveTargetAdded(node, workload.request().cpuMillis(),
                target, start, start + workload.durationSlots());
    }

    /** A cost no placement of the workload on the node can undercut: its cheapest window, on a node already on. */
    public long lowerBound(Workload workload, Node node) {
        int best = startsByIntensity(workload, node.zone())[0];
        return carbon(workload, node, best) + energy(workload, node) + latency(workload, node);
    }

    /** The allowed start slots of a workload in a zone, cleanest window first. */
    public int[] startsByIntensity(Workload workload, Zone zone) {
        Window window = new Window(workload.releaseSlot(), workload.durationSlots(), workload.deadlineSlot());
        return startOrders.computeIfAbsent(window, w -> new ConcurrentHashMap<>()).computeIfAbsent(zone, z -> {
            int duration = workload.durationSlots();
            return IntStream.rangeClosed(workload.releaseSlot(), workload.deadlineSlot() - duration).boxed()
                    .sorted(Comparator.comparingDouble((Integer s) -> z.intensitySum(s, s + duration)).thenComparing(s -> s))
                    .mapToInt(Integer::intValue).toArray();
        });
    }

    private long carbon(Workload workload, Node node, int start) {
        return ConstraintWeights.carbonPerMilligram(pricing(workload))
                * node.carbonMilligrams(workload.request(), start, start + workload.durationSlots());
    }

    private long energy(Workload workload, Node node) {
        return ConstraintWeights.energyPerMilliwattHour(pricing(workload))
                * node.energyMilliwattHours(workload.request(), workload.durationSlots());
    }

    private long latency(Workload workload, Node node) {
        return ConstraintWeights.latencyPerMs(pricing(workload)) * workload.rttMs(node.cluster());
    }

    /** The policy the constraints price the workload's replicas by. */
    private PlacementPolicy pricing(Workload workload) {
        return workload.policyOr(policy);
    }

    private long idleCarbon(Node node) {
        return idleCarbonPerMilligram * PlacementConstraints.idleCarbonMilligrams(node, horizon);
    }

    private long idleEnergy(Node node) {
        return idleEnergyPerMilliwattHour * PlacementConstraints.idleEnergyMilliwattHours(node, horizon);
    }

    private static boolean moved(Replica replica, Node node) {
        return replica.getCurrentNode() != null && replica.getCurrentNode() != node;
    }

    /** When a workload may run: the start orders depend on nothing else. */
    private record Window(int releaseSlot, int durationSlots, int deadlineSlot) {
    }
}
