package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

class PlanFileTest {

    private static final List<ConstraintTotal> BREAKDOWN = List.of(
            new ConstraintTotal("Operational carbon", "0hard/0medium/-6000000soft", 2),
            new ConstraintTotal("Unplaced replica", "0hard/-1medium/0soft", 1));

    /** web#0 (on s1 now) unplaced, web#1 on n1, job#0 on n1 from slot 2: see PlanTotalsTest for the figures. */
    private static FleetPlan solvedTiny() {
        return solvedTiny(TinyFleet.JSON);
    }

    private static FleetPlan solvedTiny(String problemJson) {
        FleetPlan plan = TinyFleet.read(problemJson);
        Node n1 = plan.getNodes().get(0);
        plan.getReplicas().get(0).setNode(null);
        plan.getReplicas().get(1).setNode(n1);
        plan.getReplicas().get(1).setStartSlot(0);
        plan.getReplicas().get(2).setNode(n1);
        plan.getReplicas().get(2).setStartSlot(2);
        plan.setScore(HardMediumSoftScore.of(0, -1, -17_000_000));
        return plan;
    }

    private static PlanDetails details() {
        return PlanDetails.NONE.withProblemFile("tiny.json").withConstraints(BREAKDOWN)
                .withUnplacedReasons(Map.of("web#0", "no node left with 1 core free in the users' latency SLO"));
    }

    @Test
    void writesEachReplicasPlacementAndTheUnplacedWithTheirReasons() throws IOException {
        JsonNode plan = JsonFiles.MAPPER.readTree(PlanFileWriter.toJson(solvedTiny(), details()));

        assertThat(plan.path("kind").asText()).isEqualTo("PlacementPlan");
        assertThat(plan.path("problem").asText()).isEqualTo("tiny.json");
        // job#0 on n1 in slots 2-3: 2/4 of (150 - 50) W = 50 W x (30 + 40) g/kWh x 1 h = 3,500 mg; 50 W x 2 h = 100 Wh.
        // runc is the only runtime n1 offers.
        assertThat(plan.path("placements").get(1)).isEqualTo(JsonFiles.MAPPER.readTree("""
                {"replica": "job#0", "workload": "job", "node": "n1", "cluster": "north", "zone": "clean",
                 "startSlot": 2, "endSlot": 4, "start": "2022-06-15T02:00:00Z", "end": "2022-06-15T04:00:00Z",
                 "runtime": "runc", "carbonGrams": 3.5, "energyWh": 100.0}"""));
        assertThat(plan.path("placements").get(0).path("latencyMs").asInt()).isEqualTo(30);
        assertThat(plan.path("unplaced")).singleElement().isEqualTo(JsonFiles.MAPPER.readTree("""
                {"replica": "web#0", "workload": "web", "reason": "no node left with 1 core free in the users' latency SLO",
                 "currentNode": "s1"}"""));
        assertThat(plan.path("score")).isEqualTo(JsonFiles.MAPPER.readTree("""
                {"hard": 0, "medium": -1, "soft": -17000000, "feasible": true, "softGrams": -17.0}"""));
        // 2,500 + 3,500 mg operational; n1's idle 50 W x 100 = 5,000 mg.
        assertThat(plan.path("totals").path("carbonGrams").asDouble()).isEqualTo(11.0);
        assertThat(plan.path("constraints").get(1)).isEqualTo(JsonFiles.MAPPER.readTree("""
                {"constraint": "Unplaced replica", "score": "0hard/-1medium/0soft", "matches": 1}"""));
    }

    /** U = α·Security + β·Performance: runc 0.30/1.00, firecracker 0.95/0.80. */
    @Test
    void eachReplicaRunsInTheRuntimeItsWorkloadsPolicyPrefers() throws IOException {
        FleetPlan plan = solvedTiny(TinyFleet.with(tree -> {
            TinyFleet.node(tree, 0).putArray("runtimes").add("runc").add("firecracker");
            TinyFleet.workload(tree, 0).putObject("policy").put("sandboxSecurityWeight", 0).put("sandboxPerformanceWeight", 1);
        }));

        JsonNode written = JsonFiles.MAPPER.readTree(PlanFileWriter.toJson(plan, PlanDetails.NONE));

        // web#1, α 0 and β 1 of its own: runc 1.0 beats firecracker 0.8
        assertThat(written.path("placements").get(0).path("runtime").asText()).isEqualTo("runc");
        // job#0, the problem's α = β = 0.5: firecracker 0.875 beats runc 0.65
        assertThat(written.path("placements").get(1).path("runtime").asText()).isEqualTo("firecracker");
    }

    @Test
    void aMovedReplicaSaysWhereItCameFrom() throws IOException {
        FleetPlan plan = solvedTiny();
        plan.getReplicas().get(0).setNode(plan.getNodes().get(0));
        plan.getReplicas().get(0).setStartSlot(0);

        JsonNode written = JsonFiles.MAPPER.readTree(PlanFileWriter.toJson(plan, PlanDetails.NONE));

        assertThat(written.path("placements").get(0).path("movedFrom").asText()).isEqualTo("s1");
        assertThat(written.path("totals").path("moves").asInt()).isEqualTo(1);
        assertThat(written.has("problem")).isFalse();
    }

    @Test
    void aPlanReadBackCarriesItsScoreTotalsAndBreakdown(@TempDir Path dir) throws IOException {
        FleetPlan solved = solvedTiny();
        Path file = dir.resolve("plan.json");
        PlanFileWriter.write(solved, details(), file);

        PlanFile read = PlanFileReader.read(file);

        assertThat(read.source()).isEqualTo(file.toString());
        assertThat(read.problem()).contains("tiny.json");
        assertThat(read.horizon()).isEqualTo(solved.getHorizon());
        assertThat(read.score()).contains(solved.getScore());
        assertThat(read.totals()).isEqualTo(PlanTotals.of(solved));
        assertThat(read.constraints()).isEqualTo(BREAKDOWN);
        assertThat(read.placements()).containsExactly(
                new PlanFile.Placement("web#1", "n1", Optional.of("north"), 0),
                new PlanFile.Placement("job#0", "n1", Optional.of("north"), 2));
        assertThat(read.unplaced()).containsExactly(
                new PlanFile.Unplaced("web#0", Optional.of("no node left with 1 core free in the users' latency SLO")));
    }

    @Test
    void applyingAPlanToAFreshProblemReproducesTheSolvedAssignments(@TempDir Path dir) throws IOException {
        FleetPlan solved = solvedTiny();
        Path file = dir.resolve("plan.json");
        PlanFileWriter.write(solved, details(), file);
        FleetPlan problem = TinyFleet.read();

        FleetPlan applied = PlanFileReader.applyTo(problem, file);

        assertThat(applied).isSameAs(problem);
        assertThat(applied.getReplicas()).extracting(Replica::getId, r -> r.getNode() == null ? null : r.getNode().id(), Replica::getStartSlot)
                .containsExactly(
                        tuple("web#0", null, 0),
                        tuple("web#1", "n1", 0),
                        tuple("job#0", "n1", 2));
        assertThat(PlanTotals.of(applied)).isEqualTo(PlanTotals.of(solved));
    }

    @Test
    void aPlanThatDoesNotFitItsProblemIsRejectedWithEveryMismatchAndChangesNothing() throws IOException {
        ObjectNode plan = (ObjectNode) JsonFiles.MAPPER.readTree(PlanFileWriter.toJson(solvedTiny(), details()));
        var placements = plan.withArray("placements");
        ((ObjectNode) placements.get(0)).put("node", "n9");                     // unknown node
        ((ObjectNode) placements.get(1)).put("startSlot", 3);                   // job#0 must start by slot 2
        placements.addObject().put("replica", "web#7").put("node", "n1").put("startSlot", 0); // unknown replica
        plan.withArray("unplaced").removeAll();                                 // web#0 no longer listed
        plan.withObjectProperty("horizon").put("slots", 5);
        FleetPlan problem = TinyFleet.read();

        PlanFile read = PlanFileReader.read(plan.toString(), "plan.json");
        PlacementFileException thrown = catchThrowableOfType(PlacementFileException.class,
                () -> PlanFileReader.applyTo(problem, read));

        assertThat(thrown.source()).isEqualTo("plan.json");
        assertThat(thrown.errors()).containsExactly(
                new FileError("$.horizon", "the plan is for 5 slots of 60 min from 2022-06-15T00:00:00Z but the problem's horizon "
                        + "is 4 slots of 60 min from 2022-06-15T00:00:00Z; was the plan made for another problem?"),
                new FileError("$.placements[0].node", "the problem has no node 'n9'"),
                new FileError("$.placements[1].startSlot", "must be 0..2 for workload job (releaseSlot to deadlineSlot minus durationSlots), was 3"),
                new FileError("$.placements[2].replica", "the problem has no replica 'web#7' (replica ids are <workload>#<ordinal>, "
                        + "ordinals from 0 to the workload's replicas - 1)"),
                new FileError("$.placements", "does not list replica web#0 of the problem, neither placed nor unplaced; "
                        + "a plan lists every replica of its problem"));
        // Nothing applied: web#0 is still on its current node, the others unassigned.
        assertThat(problem.getReplicas()).extracting(r -> r.getNode() == null ? null : r.getNode().id())
                .containsExactly("s1", null, null);
    }

    @Test
    void aPlanFileWithSchemaErrorsIsRejectedAtTheirPaths() {
        String json = """
                {"apiVersion": "heliostat.io/v1alpha1", "kind": "PlacementPlan",
                 "horizon": {"start": "2022-06-15T00:00:00Z", "slotMinutes": 60, "slots": 4},
                 "placements": [{"replica": "web", "node": "n1", "startSlot": -1}]}
                """;

        PlacementFileException thrown = catchThrowableOfType(PlacementFileException.class, () -> PlanFileReader.read(json, "plan.json"));

        // In document order; a missing field comes after those the file has.
        assertThat(thrown.errors()).containsExactly(
                new FileError("$.placements[0].replica", "must be a replica id <workload>#<ordinal>, such as web#0, was \"web\""),
                new FileError("$.placements[0].startSlot", "must have a minimum value of 0, was -1"),
                new FileError("$.totals", "is required"));
    }
}
