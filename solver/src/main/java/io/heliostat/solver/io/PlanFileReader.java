package io.heliostat.solver.io;

import static io.heliostat.solver.io.JsonValues.elements;
import static io.heliostat.solver.io.JsonValues.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;

/**
 * Reads a plan file back and puts its assignments onto the problem it was made for, by replica id, so that
 * a stored plan can be scored and explained again. A plan that does not fit its problem (unknown replica or
 * node, a replica missing, a start outside the job's window, another horizon) is rejected with every such
 * error at once; the problem is then left as it was.
 */
public final class PlanFileReader {

    private PlanFileReader() {
    }

    /**
     * @throws PlacementFileException when the file is not a valid plan file
     * @throws IOException when it cannot be read
     */
    public static PlanFile read(Path file) throws IOException {
        return read(Files.readString(file), file.toString());
    }

    /** @throws PlacementFileException when the text is not a valid plan file */
    public static PlanFile read(String content, String source) {
        JsonNode root = JsonFiles.parse(content, source);
        ErrorCollector errors = new ErrorCollector();
        FileSchema.PLAN.validate(root, errors);
        if (!errors.isEmpty()) {
            throw new PlacementFileException(source, errors.sorted(root));
        }
        JsonNode horizonNode = root.path("horizon");
        Horizon horizon;
        try {
            horizon = new Horizon(OffsetDateTime.parse(horizonNode.path("start").asText()).toInstant(),
                    Duration.ofMinutes(horizonNode.path("slotMinutes").asInt()), horizonNode.path("slots").asInt());
        } catch (RuntimeException e) {
            throw new PlacementFileException(source, List.of(new FileError("$.horizon", e.getMessage())));
        }
        Optional<HardMediumSoftScore> score = root.has("score")
                ? Optional.of(HardMediumSoftScore.of(root.path("score").path("hard").asLong(),
                        root.path("score").path("medium").asLong(), root.path("score").path("soft").asLong()))
                : Optional.empty();
        List<PlanFile.Placement> placements = new ArrayList<>();
        for (JsonNode placement : elements(root.path("placements"))) {
            placements.add(new PlanFile.Placement(placement.path("replica").asText(), placement.path("node").asText(),
                    text(placement.path("cluster")), placement.path("startSlot").asInt()));
        }
        List<PlanFile.Unplaced> unplaced = new ArrayList<>();
        for (JsonNode entry : elements(root.path("unplaced"))) {
            unplaced.add(new PlanFile.Unplaced(entry.path("replica").asText(), text(entry.path("reason"))));
        }
        List<ConstraintTotal> constraints = new ArrayList<>();
        for (JsonNode entry : elements(root.path("constraints"))) {
            constraints.add(new ConstraintTotal(entry.path("constraint").asText(), entry.path("score").asText(),
                    entry.path("matches").asLong()));
        }
        return new PlanFile(source, text(root.path("problem")), horizon, score, totals(root.path("totals")),
                placements, unplaced, constraints);
    }

    private static PlanTotals totals(JsonNode node) {
        return new PlanTotals(
                Math.round(node.path("operationalCarbonGrams").asDouble() * 1000),
                Math.round(node.path("idleCarbonGrams").asDouble() * 1000),
                Math.round(node.path("incrementalEnergyKwh").asDouble() * 1_000_000),
                Math.round(node.path("idleEnergyKwh").asDouble() * 1_000_000),
                node.has("meanLatencyMs") ? OptionalDouble.of(node.path("meanLatencyMs").asDouble()) : OptionalDouble.empty(),
                node.has("p95LatencyMs") ? OptionalInt.of(node.path("p95LatencyMs").asInt()) : OptionalInt.empty(),
                node.path("moves").asInt(), node.path("replicasPlaced").asInt(), node.path("replicasUnplaced").asInt(),
                node.path("nodesSwitchedOn").asInt());
    }

    /**
     * Reads {@code planFile} and applies it to {@code problem}.
     *
     * @return {@code problem}, its replicas now assigned as the plan says
     */
    public static FleetPlan applyTo(FleetPlan problem, Path planFile) throws IOException {
        return applyTo(problem, read(planFile));
    }

    /**
     * Sets every replica of {@code problem} to the node and start slot the plan gives it, or unassigns it
     * when the plan lists it as unplaced. The score is left for the caller to compute.
     *
     * @return {@code problem}
     * @throws PlacementFileException (naming the plan file) when the plan does not fit the problem; then no
     *                                replica has been changed
     */
    public static FleetPlan applyTo(FleetPlan problem, PlanFile plan) {
        ErrorCollector errors = new ErrorCollector();
        Horizon expected = problem.getHorizon();
        if (!expected.equals(plan.horizon())) {
            errors.add(JsonPath.ROOT.field("horizon"), "the plan is for " + describe(plan.horizon())
                    + " but the problem's horizon is " + describe(expected) + "; was the plan made for another problem?");
        }
        Map<String, Replica> replicas = new LinkedHashMap<>();
        problem.getReplicas().forEach(replica -> replicas.put(replica.getId(), replica));
        Map<String, Node> nodes = new HashMap<>();
        problem.getNodes().forEach(node -> nodes.put(node.id(), node));

        record Assignment(Replica replica, Node node, int startSlot) {
        }
        List<Assignment> assignments = new ArrayList<>();
        Map<String, JsonPath> seen = new HashMap<>();
        JsonPath placementsPath = JsonPath.ROOT.field("placements");
        for (int i = 0; i < plan.placements().size(); i++) {
            PlanFile.Placement placement = plan.placements().get(i);
            JsonPath path = placementsPath.index(i);
            Replica replica = replica(placement.replica(), path.field("replica"), replicas, seen, errors);
            Node node = nodes.get(placement.node());
            if (node == null) {
                errors.add(path.field("node"), "the problem has no node '" + placement.node() + "'");
            } else if (placement.cluster().isPresent() && !placement.cluster().get().equals(node.cluster().id())) {
                errors.add(path.field("cluster"), "node " + node.id() + " is in cluster " + node.cluster().id()
                        + " in the problem, not " + placement.cluster().get());
            }
            if (replica == null || node == null) {
                continue;
            }
            Workload workload = replica.getWorkload();
            int latestStart = ProblemBinder.latestStart(workload);
            if (placement.startSlot() < workload.releaseSlot() || placement.startSlot() > latestStart) {
                errors.add(path.field("startSlot"), "must be " + workload.releaseSlot() + ".." + latestStart + " for workload "
                        + workload.id() + " (releaseSlot to deadlineSlot minus durationSlots), was " + placement.startSlot());
                continue;
            }
            if (replica.isPinned() && node != replica.getCurrentNode()) {
                errors.add(path.field("node"), "replica " + replica.getId() + " is pinned to its current node "
                        + replica.getCurrentNode().id() + " (the policy that prices it has migrationMode pin)");
                continue;
            }
            assignments.add(new Assignment(replica, node, placement.startSlot()));
        }
        JsonPath unplacedPath = JsonPath.ROOT.field("unplaced");
        for (int i = 0; i < plan.unplaced().size(); i++) {
            JsonPath path = unplacedPath.index(i);
            Replica replica = replica(plan.unplaced().get(i).replica(), path.field("replica"), replicas, seen, errors);
            if (replica == null) {
                continue;
            }
            if (replica.isPinned()) {
                errors.add(path.field("replica"), "replica " + replica.getId() + " is pinned to its current node "
                        + replica.getCurrentNode().id() + " (the policy that prices it has migrationMode pin) and cannot be unplaced");
                continue;
            }
            // A solved plan has a start slot on every replica, placed or not (the variable is not nullable);
            // the plan file does not record an unplaced one's, so the release slot stands in for it.
            assignments.add(new Assignment(replica, null, replica.getWorkload().releaseSlot()));
        }
        List<String> missing = replicas.keySet().stream().filter(id -> !seen.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            errors.add(placementsPath, "does not list replica" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " of the problem, neither placed nor unplaced; a plan lists every replica of its problem");
        }
        if (!errors.isEmpty()) {
            throw new PlacementFileException(plan.source(), errors.inOrderFound());
        }
        for (Assignment assignment : assignments) {
            assignment.replica().setNode(assignment.node());
            assignment.replica().setStartSlot(assignment.startSlot());
        }
        return problem;
    }

    private static Replica replica(String id, JsonPath path, Map<String, Replica> replicas, Map<String, JsonPath> seen,
                                   ErrorCollector errors) {
        Replica replica = replicas.get(id);
        if (replica == null) {
            errors.add(path, "the problem has no replica '" + id + "' (replica ids are <workload>#<ordinal>, "
                    + "ordinals from 0 to the workload's replicas - 1)");
            return null;
        }
        JsonPath first = seen.putIfAbsent(id, path);
        if (first != null) {
            errors.add(path, "lists replica " + id + " again: " + first + " already has it");
            return null;
        }
        return replica;
    }

    private static String describe(Horizon horizon) {
        return horizon.slots() + " slots of " + horizon.slotLength().toMinutes() + " min from " + horizon.start();
    }
}
