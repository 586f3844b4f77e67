package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every kind of mistake in a problem file is reported at its JSON path with a reason that says what is
 * allowed, and a file with several mistakes has all of them reported at once.
 */
class ProblemFileErrorsTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // Schema: shape, types, enumerations, unknown fields.
                mistake("a CPU request that is not a quantity",
                        t -> TinyFleet.workload(t, 0).withObjectProperty("requests").put("cpu", "two"),
                        "$.workloads[0].requests.cpu", "must be a Kubernetes CPU quantity such as \"500m\", \"2\" or 1.5 (cores)"),
                mistake("a memory request of the wrong type",
                        t -> TinyFleet.workload(t, 0).withObjectProperty("requests").put("memory", true),
                        "$.workloads[0].requests.memory", "must be a string or an integer, was true"),
                mistake("a field the format does not have",
                        t -> TinyFleet.node(t, 0).put("capacty", 3),
                        "$.nodes[0].capacty", "is not a field here; allowed: id, cluster, capacity, power, powerBudgetWatts, labels, taints, runtimes, description"),
                mistake("a workload policy with a negative price",
                        t -> TinyFleet.workload(t, 0).putObject("policy").put("latencyGramsPerMs", -1),
                        "$.workloads[0].policy.latencyGramsPerMs", "must have a minimum value of 0, was -1"),
                mistake("a workload policy with a field the policy block does not have",
                        t -> TinyFleet.workload(t, 0).putObject("policy").put("latency", 5),
                        "$.workloads[0].policy.latency", "is not a field here; allowed: carbon, energyGramsPerKwh, latencyGramsPerMs, "
                                + "migrationGramsPerMove, headroomTarget, headroomGramsPerCoreHour, preferNoScheduleGrams, migrationMode, "
                                + "sandboxSecurityWeight, sandboxPerformanceWeight"),
                mistake("a signal kind that does not exist",
                        t -> TinyFleet.zone(t, 0).put("signal", "avg"),
                        "$.zones[0].signal", "must be one of [\"average\",\"marginal\"], was \"avg\""),
                mistake("a missing required field",
                        t -> ((ObjectNode) t.withArray("clusters").get(0)).remove("location"),
                        "$.clusters[0].location", "is required"),
                mistake("another kind of file",
                        t -> t.put("kind", "PlacementPlan"),
                        "$.kind", "must be \"PlacementProblem\", was \"PlacementPlan\""),
                mistake("a horizon start that is not an instant",
                        t -> t.withObjectProperty("horizon").put("start", "yesterday"),
                        "$.horizon.start", "does not match the date-time pattern"),
                mistake("a zone with both inline intensities and a trace",
                        t -> TinyFleet.zone(t, 0).putObject("trace").put("bundled", "em-ES-2022-hourly.csv"),
                        "$.zones[0]", "needs exactly one of \"intensity\" (the values inline) or \"trace\""),
                mistake("a negative intensity",
                        t -> TinyFleet.zone(t, 0).withArray("intensity").set(2, -5),
                        "$.zones[0].intensity[2]", "must have a minimum value of 0, was -5"),
                // Quantities the schema's pattern lets through but the model cannot hold.
                mistake("a CPU request finer than a millicore",
                        t -> TinyFleet.workload(t, 0).withObjectProperty("requests").put("cpu", "0.0005"),
                        "$.workloads[0].requests.cpu", "must be a whole number of millicores (1m = 0.001 cores), was \"0.0005\""),
                // Ids and references.
                mistake("two nodes with one id",
                        t -> t.withArray("nodes").add(TinyFleet.node(t, 0).deepCopy()),
                        "$.nodes[2].id", "duplicate node id 'n1': $.nodes[0] already has it; ids must be unique"),
                mistake("a cluster in an unknown zone",
                        t -> ((ObjectNode) t.withArray("clusters").get(0)).put("zone", "nowhere"),
                        "$.clusters[0].zone", "no zone has id 'nowhere'; known: clean, dirty"),
                mistake("a node in an unknown cluster",
                        t -> TinyFleet.node(t, 1).put("cluster", "east"),
                        "$.nodes[1].cluster", "no cluster has id 'east'; known: north, south"),
                mistake("a workload with an unknown user location",
                        t -> TinyFleet.workload(t, 0).put("userLocation", "mars"),
                        "$.workloads[0].userLocation", "no user location has id 'mars'; known: users"),
                mistake("measured RTT to an unknown cluster",
                        t -> TinyFleet.userLocation(t, 0).withObjectProperty("rttMs").put("east", 4),
                        "$.userLocations[0].rttMs.east", "names no cluster; known: north, south"),
                mistake("a user location without coordinates that misses a cluster's RTT",
                        t -> TinyFleet.userLocation(t, 0).withObjectProperty("rttMs").remove("south"),
                        "$.userLocations[0]", "has no location, so rttMs must give the RTT to every cluster; missing: south"),
                mistake("colocation with an unknown workload",
                        t -> TinyFleet.workload(t, 1).putArray("colocateWith").add("db"),
                        "$.workloads[1].colocateWith[0]", "no workload has id 'db'; known: web, job"),
                mistake("colocation with itself",
                        t -> TinyFleet.workload(t, 1).putArray("colocateWith").add("job"),
                        "$.workloads[1].colocateWith[0]", "names the workload itself"),
                mistake("a colocation cycle",
                        t -> {
                            TinyFleet.workload(t, 0).putArray("colocateWith").add("job");
                            TinyFleet.workload(t, 1).putArray("colocateWith").add("web");
                        },
                        "$.workloads[1].colocateWith[0]", "closes a co-location cycle web -> job -> web"),
                mistake("a current placement on an unknown node",
                        t -> ((ObjectNode) t.withArray("currentPlacement").get(0)).put("node", "n9"),
                        "$.currentPlacement[0].node", "no node has id 'n9'; known: n1, s1"),
                mistake("a current placement of an unknown workload's replica",
                        t -> ((ObjectNode) t.withArray("currentPlacement").get(0)).put("replica", "api#0"),
                        "$.currentPlacement[0].replica", "there is no workload 'api'; known: web, job"),
                mistake("a current placement beyond the replica count",
                        t -> ((ObjectNode) t.withArray("currentPlacement").get(0)).put("replica", "web#2"),
                        "$.currentPlacement[0].replica", "is beyond workload web's 2 replicas (web#0..web#1)"),
                mistake("a replica placed twice",
                        t -> t.withArray("currentPlacement").addObject().put("replica", "web#0").put("node", "n1"),
                        "$.currentPlacement[1].replica", "lists replica web#0 again: $.currentPlacement[0] already places it"),
                mistake("a current start slot outside the job's window",
                        t -> t.withArray("currentPlacement").addObject().put("replica", "job#0").put("node", "n1").put("startSlot", 3),
                        "$.currentPlacement[1].startSlot", "must be 0..2"),
                // Time: job windows against the horizon, intensities against the slots.
                mistake("a deadline beyond the horizon",
                        t -> TinyFleet.workload(t, 1).put("deadlineSlot", 6),
                        "$.workloads[1].deadlineSlot", "must be at most 4, the horizon's slot count"),
                mistake("a job that cannot finish between release and deadline",
                        t -> TinyFleet.workload(t, 1).put("releaseSlot", 2).put("durationSlots", 3),
                        "$.workloads[1].durationSlots", "is 3 slots, but the window from releaseSlot 2 to deadlineSlot 4 has only 2"),
                mistake("fewer intensities than slots",
                        t -> TinyFleet.zone(t, 1).putArray("intensity").add(1).add(2).add(3),
                        "$.zones[1].intensity", "has 3 intensity values but the horizon has 4 slots"),
                // Rules between fields.
                mistake("a latency SLO without a user location",
                        t -> TinyFleet.workload(t, 1).put("latencySloMs", 20),
                        "$.workloads[1].latencySloMs", "needs a userLocation"),
                mistake("average and marginal zones in one problem",
                        t -> TinyFleet.zone(t, 1).put("signal", "marginal"),
                        "$.zones[1].signal", "is marginal but $.zones[0] is average; all zones of a problem must use the same signal kind"),
                mistake("a power budget below the idle draw",
                        t -> TinyFleet.node(t, 0).put("powerBudgetWatts", 20),
                        "$.nodes[0].powerBudgetWatts", "is 20.0 W, below the node's idleWatts of 50.0 W"),
                mistake("a toleration with a value and operator Exists",
                        t -> TinyFleet.workload(t, 0).putArray("tolerations").addObject().put("key", "k").put("operator", "Exists").put("value", "v"),
                        "$.workloads[0].tolerations[0].value", "must be left out with operator Exists"),
                // The model's own checks, translated to the element they concern.
                mistake("a node that peaks below its idle draw",
                        t -> TinyFleet.node(t, 0).withObjectProperty("power").put("maxWatts", 10),
                        "$.nodes[0].power", "maxWatts must be >= idleWatts (50.0), was 10.0"),
                mistake("a toleration without a key that is not Exists",
                        t -> TinyFleet.workload(t, 0).putArray("tolerations").addObject().put("value", "v"),
                        "$.workloads[0].tolerations[0]", "a toleration with an empty key must use operator Exists"),
                mistake("a container that names the WASM runtime",
                        t -> TinyFleet.workload(t, 0).putObject("sandbox").put("runtime", "wasm"),
                        "$.workloads[0].sandbox", "runtime wasm runs WASM modules only, not container images"));
    }

    private static Arguments mistake(String description, Consumer<ObjectNode> change, String path, String reason) {
        return Arguments.of(description, change, path, reason);
    }

    @ParameterizedTest(name = "{0} is reported at {2}")
    @MethodSource("mistakes")
    void reportsTheMistakeAtItsPathWithWhatIsAllowed(String description, Consumer<ObjectNode> change, String path, String reason) {
        String json = TinyFleet.with(change);

        PlacementFileException thrown = catchThrowableOfType(PlacementFileException.class, () -> TinyFleet.read(json));

        assertThat(thrown).as("no error for " + description).isNotNull();
        assertThat(thrown.source()).isEqualTo("tiny.json");
        assertThat(thrown.errors()).as(description).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.reason()).contains(reason);
        });
    }

    @Test
    void reportsEveryErrorOfTheFileAtOnceInDocumentOrder() {
        String json = TinyFleet.with(t -> {
            TinyFleet.workload(t, 0).withObjectProperty("requests").put("cpu", "two");                    // schema
            ((ObjectNode) t.withArray("clusters").get(1)).put("zone", "nowhere");             // reference
            t.withArray("nodes").add(TinyFleet.node(t, 0).deepCopy());                        // duplicate id
            TinyFleet.zone(t, 1).put("signal", "marginal");                                   // signal kinds
            TinyFleet.workload(t, 1).put("deadlineSlot", 9);                                  // horizon
            TinyFleet.node(t, 0).withObjectProperty("power").put("maxWatts", 10);                           // model's own check
        });

        PlacementFileException thrown = catchThrowableOfType(PlacementFileException.class, () -> TinyFleet.read(json));

        assertThat(thrown.errors()).extracting(FileError::path).containsExactly(
                "$.zones[1].signal",
                "$.clusters[1].zone",
                "$.nodes[0].power",
                "$.nodes[2].id",
                "$.workloads[0].requests.cpu",
                "$.workloads[1].deadlineSlot");
        assertThat(thrown.getMessage()).startsWith("tiny.json: 6 errors").contains("  $.nodes[2].id: duplicate node id 'n1'");
    }

    @Test
    void textThatIsNotJsonIsOneErrorWithItsLineAndColumn() {
        assertThatThrownBy(() -> TinyFleet.read("{\n  \"kind\": PlacementProblem\n}"))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.path()).isEqualTo("$");
                    assertThat(error.reason()).startsWith("is not valid JSON").contains("(line 2, column");
                }));
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotASilentOverride() {
        assertThatThrownBy(() -> TinyFleet.read("{\"kind\": \"PlacementProblem\", \"kind\": \"PlacementProblem\"}"))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.reason()).contains("Duplicate field 'kind'")));
    }
}
