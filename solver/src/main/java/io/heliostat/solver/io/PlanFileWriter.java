package io.heliostat.solver.io;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.ConstraintWeights;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;

/**
 * Writes a solved {@link FleetPlan} as a plan file ({@code "kind": "PlacementPlan"}, docs/file-formats.md):
 * per replica where and when it runs, in which sandbox, at what carbon and latency; the unplaced replicas
 * with the reasons the caller knows; the score, its breakdown and the {@link PlanTotals}.
 */
public final class PlanFileWriter {

    private PlanFileWriter() {
    }

    /** Writes atomically: {@code target} is either left as it was or replaced by the complete plan. */
    public static void write(FleetPlan plan, PlanDetails details, Path target) throws IOException {
        String json = toJson(plan, details);
        JsonFiles.writeAtomically(target, json);
    }

    public static String toJson(FleetPlan plan, PlanDetails details) {
        return JsonFiles.pretty(toTree(plan, details));
    }

    static ObjectNode toTree(FleetPlan plan, PlanDetails details) {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.put("apiVersion", FileKinds.API_VERSION);
        root.put("kind", FileKinds.PLAN);
        details.problemFile().ifPresent(file -> root.put("problem", file));
        Horizon horizon = plan.getHorizon();
        root.set("horizon", ProblemFileWriter.horizon(horizon));
        if (plan.getScore() != null) {
            root.set("score", score(plan.getScore()));
        }
        root.set("totals", totals(PlanTotals.of(plan)));

        ArrayNode placements = root.putArray("placements");
        ArrayNode unplaced = root.putArray("unplaced");
        PlacementPolicy policy = plan.getPolicy();
        for (Replica replica : plan.getReplicas()) {
            if (replica.getNode() == null) {
                ObjectNode entry = unplaced.addObject();
                entry.put("replica", replica.getId());
                entry.put("workload", replica.getWorkload().id());
                String reason = details.unplacedReasons().get(replica.getId());
                if (reason != null) {
                    entry.put("reason", reason);
                }
                if (replica.getCurrentNode() != null) {
                    entry.put("currentNode", replica.getCurrentNode().id());
                }
                continue;
            }
            ObjectNode entry = placements.addObject();
            entry.put("replica", replica.getId());
            entry.put("workload", replica.getWorkload().id());
            entry.put("node", replica.getNode().id());
            entry.put("cluster", replica.getNode().cluster().id());
            entry.put("zone", replica.getNode().zone().id());
            entry.put("startSlot", replica.start());
            entry.put("endSlot", replica.getEndSlot());
            entry.put("start", horizon.slotStart(replica.start()).toString());
            entry.put("end", horizon.slotStart(replica.getEndSlot()).toString());
            PlacementPolicy pricing = replica.getWorkload().policyOr(policy);
            replica.getWorkload().sandbox()
                    .choose(replica.getNode().runtimes(), pricing.sandboxSecurityWeight(), pricing.sandboxPerformanceWeight())
                    .ifPresent(runtime -> entry.put("runtime", runtime.id()));
            entry.put("carbonGrams", replica.carbonMilligrams() / 1000.0);
            entry.put("energyWh", replica.energyMilliwattHours() / 1000.0);
            if (replica.getWorkload().userLocation().isPresent()) {
                entry.put("latencyMs", replica.rttMs());
            }
            if (replica.isMoved()) {
                entry.put("movedFrom", replica.getCurrentNode().id());
            }
        }

        ArrayNode constraints = root.putArray("constraints");
        for (ConstraintTotal total : details.constraints()) {
            ObjectNode entry = constraints.addObject();
            entry.put("constraint", total.constraint());
            entry.put("score", total.score());
            entry.put("matches", total.matches());
        }
        return root;
    }

    private static ObjectNode score(HardMediumSoftScore score) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("hard", score.hardScore());
        node.put("medium", score.mediumScore());
        node.put("soft", score.softScore());
        node.put("feasible", score.isFeasible());
        // The soft score is in µg of CO2e-equivalent (ConstraintWeights), so it reads as grams too.
        node.put("softGrams", score.softScore() / (double) ConstraintWeights.MICROGRAMS_PER_GRAM);
        return node;
    }

    static ObjectNode totals(PlanTotals totals) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("carbonGrams", totals.carbonGrams());
        node.put("operationalCarbonGrams", totals.operationalCarbonGrams());
        node.put("idleCarbonGrams", totals.idleCarbonGrams());
        node.put("energyKwh", totals.energyKwh());
        node.put("incrementalEnergyKwh", totals.incrementalEnergyKwh());
        node.put("idleEnergyKwh", totals.idleEnergyKwh());
        totals.meanLatencyMs().ifPresent(mean -> node.put("meanLatencyMs", mean));
        totals.p95LatencyMs().ifPresent(p95 -> node.put("p95LatencyMs", p95));
        node.put("moves", totals.moves());
        node.put("replicasPlaced", totals.replicasPlaced());
        node.put("replicasUnplaced", totals.replicasUnplaced());
        node.put("nodesSwitchedOn", totals.nodesSwitchedOn());
        return node;
    }
}
