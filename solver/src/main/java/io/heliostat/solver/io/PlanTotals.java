package io.heliostat.solver.io;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

/**
 * What a placement adds up to, in the units and by the formulas of the constraints that price it: the
 * same figures the soft score weighs, before the policy's weights. Carbon and energy are kept as the
 * integral milligrams and milliwatt-hours the constraints match on, so that totals and score agree exactly.
 *
 * @param operationalCarbonMilligrams CO2e of the placed replicas' incremental draw over their runs
 *                                    ({@link Replica#carbonMilligrams()}, the "Operational carbon" constraint)
 * @param idleCarbonMilligrams        CO2e of the idle draw of every node hosting a replica, over the horizon
 *                                    ({@link PlacementConstraints#idleCarbonMilligrams}, "Idle carbon")
 * @param incrementalEnergyMilliwattHours the placed replicas' incremental energy ({@link Replica#energyMilliwattHours()})
 * @param idleEnergyMilliwattHours    the switched-on nodes' idle energy ({@link PlacementConstraints#idleEnergyMilliwattHours})
 * @param meanLatencyMs               mean RTT from users to the replicas of workloads with a user location;
 *                                    empty when no placed replica has one
 * @param p95LatencyMs                95th percentile of the same RTTs (nearest rank: the smallest RTT that at
 *                                    least 95 % of those replicas see or better)
 * @param moves                       placed replicas not on their current node (as the "Migration" constraint
 *                                    counts: an unplaced replica is not a move)
 * @param nodesSwitchedOn             nodes hosting at least one replica
 */
public record PlanTotals(long operationalCarbonMilligrams, long idleCarbonMilligrams,
                         long incrementalEnergyMilliwattHours, long idleEnergyMilliwattHours,
                         OptionalDouble meanLatencyMs, OptionalInt p95LatencyMs,
                         int moves, int replicasPlaced, int replicasUnplaced, int nodesSwitchedOn) {

    public static PlanTotals of(FleetPlan plan) {
        long operationalMg = 0;
        long incrementalMwh = 0;
        int moves = 0;
        int placed = 0;
        int unplaced = 0;
        Set<Node> switchedOn = new HashSet<>(); // nodes compare by identity
        List<Integer> rtts = new ArrayList<>();
        for (Replica replica : plan.getReplicas()) {
            if (replica.getNode() == null) {
                unplaced++;
                continue;
            }
            placed++;
            operationalMg += replica.carbonMilligrams();
            incrementalMwh += replica.energyMilliwattHours();
            if (replica.isMoved()) {
                moves++;
            }
            if (replica.getWorkload().userLocation().isPresent()) {
                rtts.add(replica.rttMs());
            }
            switchedOn.add(replica.getNode());
        }
        long idleMg = 0;
        long idleMwh = 0;
        int nodesOn = 0;
        for (Node node : plan.getNodes()) {
            if (switchedOn.contains(node)) {
                nodesOn++;
                idleMg += PlacementConstraints.idleCarbonMilligrams(node, plan.getHorizon());
                idleMwh += PlacementConstraints.idleEnergyMilliwattHours(node, plan.getHorizon());
            }
        }
        return new PlanTotals(operationalMg, idleMg, incrementalMwh, idleMwh, mean(rtts), p95(rtts),
                moves, placed, unplaced, nodesOn);
    }

    private static OptionalDouble mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average();
    }

    private static OptionalInt p95(List<Integer> values) {
        if (values.isEmpty()) {
            return OptionalInt.empty();
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return OptionalInt.of(sorted.get(rank - 1));
    }

    public long carbonMilligrams() {
        return operationalCarbonMilligrams + idleCarbonMilligrams;
    }

    public long energyMilliwattHours() {
        return incrementalEnergyMilliwattHours + idleEnergyMilliwattHours;
    }

    /** Operational plus idle CO2e, in grams. */
    public double carbonGrams() {
        return carbonMilligrams() / 1000.0;
    }

    public double operationalCarbonGrams() {
        return operationalCarbonMilligrams / 1000.0;
    }

    public double idleCarbonGrams() {
        return idleCarbonMilligrams / 1000.0;
    }

    /** Incremental plus idle energy, in kWh. */
    public double energyKwh() {
        return energyMilliwattHours() / 1_000_000.0;
    }

    public double incrementalEnergyKwh() {
        return incrementalEnergyMilliwattHours / 1_000_000.0;
    }

    public double idleEnergyKwh() {
        return idleEnergyMilliwattHours / 1_000_000.0;
    }
}
