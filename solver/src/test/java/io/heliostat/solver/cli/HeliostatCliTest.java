package io.heliostat.solver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.io.PlanFile;
import io.heliostat.solver.io.PlanFileReader;
import io.heliostat.solver.io.ProblemFileReader;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

/**
 * The command line, run in-process as a user would type it: exit codes, what is printed, what is written
 * and what is not.
 */
class HeliostatCliTest {

    /** Tests run in the solver module; the example lives at the repository's root. */
    static final Path DEMO_FLEET = Path.of("..", "examples", "fleets", "demo-fleet.json");

    /**
     * Two zones of four hourly slots, a node in each plus a clean, frugal edge node that no workload
     * tolerates; a service of two replicas (one running on s1) and a job.
     */
    static final String PROBLEM = """
            {
              "apiVersion": "heliostat.io/v1alpha1",
              "kind": "PlacementProblem",
              "horizon": {"start": "2022-06-15T00:00:00Z", "slotMinutes": 60, "slots": 4},
              "zones": [
                {"id": "clean", "signal": "average", "intensity": [10, 20, 30, 40]},
                {"id": "dirty", "signal": "average", "intensity": [400, 300, 200, 100]}
              ],
              "clusters": [
                {"id": "north", "kind": "cloud", "zone": "clean", "location": {"lat": 59.9, "lon": 10.7}},
                {"id": "south", "kind": "cloud", "zone": "dirty", "location": {"lat": 40.4, "lon": -3.7}}
              ],
              "nodes": [
                {"id": "n1", "cluster": "north", "capacity": {"cpu": "4", "memory": "8Gi"}, "power": {"idleWatts": 50, "maxWatts": 150}},
                {"id": "s1", "cluster": "south", "capacity": {"cpu": "4", "memory": "8Gi"}, "power": {"idleWatts": 100, "maxWatts": 300}},
                {"id": "edge-1", "cluster": "north", "capacity": {"cpu": "4", "memory": "8Gi"}, "power": {"idleWatts": 2, "maxWatts": 6},
                 "taints": [{"key": "heliostat.io/edge", "value": "true", "effect": "NoSchedule"}]}
              ],
              "userLocations": [
                {"id": "users", "rttMs": {"north": 30, "south": 10}}
              ],
              "workloads": [
                {"id": "web", "kind": "service", "requests": {"cpu": "1", "memory": "1Gi"}, "replicas": 2, "userLocation": "users"},
                {"id": "job", "kind": "batch", "requests": {"cpu": "2", "memory": "2Gi"}, "durationSlots": 2}
              ],
              "currentPlacement": [
                {"replica": "web#0", "node": "s1"}
              ]
            }
            """;

    @TempDir
    Path dir;

    /** What one command did. */
    record Run(int exitCode, String out, String err) {
    }

    static Run heliostat(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HeliostatCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Path problem() throws IOException {
        return write("problem.json", PROBLEM);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String problemWith(Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(PROBLEM);
        change.accept(tree);
        return tree.toPrettyString();
    }

    @Nested
    class Solve {

        @Test
        void writesAPlanThatReadsBackOntoItsProblemAndPrintsTheSummary() throws IOException {
            Path problem = problem();
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", problem.toString(), "--out", plan.toString(), "--time-limit", "2s");

            assertThat(run.exitCode()).as(run.err()).isZero();
            PlanFile planFile = PlanFileReader.read(plan);
            FleetPlan applied = PlanFileReader.applyTo(new ProblemFileReader().read(problem), planFile);
            assertThat(applied.getReplicas()).extracting(Replica::getId).containsExactly("web#0", "web#1", "job#0");
            assertThat(applied.getReplicas()).allSatisfy(replica -> {
                assertThat(replica.getNode()).as(replica.getId()).isNotNull();
                assertThat(replica.getNode().id()).as("no workload tolerates the edge taint").isNotEqualTo("edge-1");
            });
            // The score the file states is the plan's own.
            assertThat(planFile.score()).contains(new Planner(PlannerSettings.ofDefaults()).score(applied));
            assertThat(run.out())
                    .contains("plan written to " + plan)
                    .contains("every hard rule kept, 3 of 3 replicas placed")
                    .contains("g CO2e");
        }

        @ParameterizedTest(name = "--baseline {0}")
        @ValueSource(strings = {"spread", "greedy-carbon"})
        void writesABaselinesPlan(String baseline) throws IOException {
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", problem().toString(), "--out", plan.toString(), "--baseline", baseline);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(PlanFileReader.read(plan).placements()).hasSize(3);
            assertThat(run.out()).contains("plan written to " + plan).contains("every hard rule kept, 3 of 3 replicas placed");
        }

        @Test
        void anUnknownBaselineIsBadInputNamingTheAllowedOnes() throws IOException {
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", problem().toString(), "--out", plan.toString(), "--baseline", "bogus");

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(run.err()).contains("unknown baseline 'bogus'; allowed: spread, greedy-carbon");
            assertThat(plan).doesNotExist();
        }

        @ParameterizedTest(name = "--time-limit {0}")
        @CsvSource(delimiter = '|', value = {
                "soon | not a duration: 'soon'; use for example 30s, 2m or 500ms",
                "0s   | a duration must be positive, was '0s'",
                "-5s  | a duration must be positive, was '-5s'"})
        void aBadTimeLimitIsBadInputSayingWhy(String limit, String reason) throws IOException {
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", problem().toString(), "--out", plan.toString(), "--time-limit", limit);

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(run.err()).contains("Invalid value for option '--time-limit'").contains(reason);
            assertThat(plan).doesNotExist();
        }

        @Test
        void anInvalidProblemIsBadInputWithEveryErrorAtItsPathAndNothingWritten() throws IOException {
            Path problem = write("invalid.json", problemWith(tree -> {
                ((ObjectNode) tree.withArray("workloads").get(0)).withObjectProperty("requests").put("cpu", "-1");
                ((ObjectNode) tree.withArray("clusters").get(1)).put("zone", "nowhere");
                ((ObjectNode) tree.withArray("workloads").get(1)).put("deadlineSlot", 9);
            }));
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", problem.toString(), "--out", plan.toString(), "--time-limit", "1s");

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(run.err())
                    .contains(problem + ": 3 error(s)")
                    .contains("  $.workloads[0].requests.cpu: must be a Kubernetes CPU quantity such as \"500m\", \"2\" or 1.5 (cores), was \"-1\"")
                    .contains("  $.clusters[1].zone: no zone has id 'nowhere'; known: clean, dirty")
                    .contains("  $.workloads[1].deadlineSlot: must be at most 4, the horizon's slot count");
            assertThat(plan).doesNotExist();
        }

        @Test
        void anInvalidProblemLeavesAnEarlierPlanUntouched() throws IOException {
            Path problem = write("invalid.json", problemWith(tree -> ((ObjectNode) tree.withArray("clusters").get(1)).put("zone", "nowhere")));
            Path plan = write("plan.json", "the plan from yesterday");

            Run run = heliostat("solve", "--problem", problem.toString(), "--out", plan.toString(), "--time-limit", "1s");

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(plan).hasContent("the plan from yesterday");
        }

        @Test
        void aMissingProblemFileIsBadInputNamingIt() {
            Path missing = dir.resolve("no-such-problem.json");
            Path plan = dir.resolve("plan.json");

            Run run = heliostat("solve", "--problem", missing.toString(), "--out", plan.toString(), "--time-limit", "1s");

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(run.err()).contains("no such file: " + missing);
            assertThat(plan).doesNotExist();
        }
    }

    @Nested
    class Explain {

        /** The greedy-carbon baseline's plan: deterministic and made without a solve. */
        private Path plannedProblem() throws IOException {
            Path problem = problem();
            Run solve = heliostat("solve", "--problem", problem.toString(), "--out", dir.resolve("plan.json").toString(),
                    "--baseline", "greedy-carbon");
            assertThat(solve.exitCode()).as(solve.err()).isZero();
            return problem;
        }

        @Test
        void saysWhereEachReplicaOfTheWorkloadRunsAndWhy() throws IOException {
            Path problem = plannedProblem();

            Run run = heliostat("explain", "--problem", problem.toString(), "--plan", dir.resolve("plan.json").toString(),
                    "--workload", "web");

            assertThat(run.exitCode()).as(run.err()).isZero();
            // web#0 runs on s1 and goes back there; web#1 is new: greedy-carbon puts it in the zone cleanest
            // in the first slot (10 against 400 g/kWh), on n1, as edge-1's taint rules it out.
            assertThat(run.out())
                    .startsWith("workload web")
                    .contains("  web#0: s1 (cluster south, zone dirty, slots 0..3)")
                    .contains("  web#1: n1 (cluster north, zone clean, slots 0..3)");
            // Each replica line is followed by the reasons, one a line, indented further.
            assertThat(run.out().lines().filter(line -> line.startsWith("    "))).isNotEmpty();
            assertThat(run.out()).contains("CO2e");
        }

        @Test
        void aNodeWhoseTaintTheWorkloadDoesNotTolerateIsInfeasibleWithTheTaintAsReason() throws IOException {
            Path problem = plannedProblem();

            Run run = heliostat("explain", "--problem", problem.toString(), "--plan", dir.resolve("plan.json").toString(),
                    "--workload", "web", "--node", "edge-1");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out())
                    .startsWith("workload web on node edge-1 instead:")
                    .contains("  INFEASIBLE: web#0 on edge-1 would break hard rules: node edge-1 had untolerated taint")
                    .contains("  INFEASIBLE: web#1 on edge-1 would break hard rules: node edge-1 had untolerated taint")
                    .contains("heliostat.io/edge");
        }

        @Test
        void anUnknownWorkloadIsBadInputNamingIt() throws IOException {
            Path problem = plannedProblem();

            Run run = heliostat("explain", "--problem", problem.toString(), "--plan", dir.resolve("plan.json").toString(),
                    "--workload", "api");

            assertThat(run.exitCode()).isEqualTo(HeliostatCli.BAD_INPUT);
            assertThat(run.err()).contains("no workload 'api'; known: web, job");
        }
    }

    @Nested
    class Generate {

        @Test
        void writesAProblemThatReadsBackWithTheGeneratedFleetsCounts() throws IOException {
            Path out = dir.resolve("p.json");

            Run run = heliostat("generate", "--size", "XS", "--seed", "7", "--out", out.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            FleetPlan generated = new FleetGenerator().generate(FleetSize.XS, 7);
            FleetPlan read = new ProblemFileReader().read(out);
            assertThat(read.getNodes()).hasSameSizeAs(generated.getNodes());
            assertThat(read.getReplicas()).hasSameSizeAs(generated.getReplicas());
            assertThat(read.getWorkloads()).hasSameSizeAs(generated.getWorkloads());
            assertThat(run.out()).contains("wrote " + out + ": " + generated.getNodes().size() + " nodes, "
                    + generated.getReplicas().size() + " replicas");
        }

        @Test
        void theSameSeedWritesTheSameFileAndAnotherSeedAnotherFile() throws IOException {
            Path first = dir.resolve("first.json");
            Path second = dir.resolve("second.json");
            Path other = dir.resolve("other.json");

            assertThat(heliostat("generate", "--size", "XS", "--seed", "7", "--out", first.toString()).exitCode()).isZero();
            assertThat(heliostat("generate", "--size", "XS", "--seed", "7", "--out", second.toString()).exitCode()).isZero();
            assertThat(heliostat("generate", "--size", "XS", "--seed", "8", "--out", other.toString()).exitCode()).isZero();

            assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
            assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
        }
    }

    @Test
    void theDemoSolvesTheExampleFleetAndPrintsWhatItSavesAgainstBothBaselines() {
        Path plan = dir.resolve("demo-plan.json");

        Run run = heliostat("demo", "--problem", DEMO_FLEET.toString(), "--time-limit", "3s", "--out", plan.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Fleet " + DEMO_FLEET + ": 6 clusters")
                .containsPattern("Heliostat saves -?[0-9.]+ g CO2e \\(-?[0-9]+ %\\) against spread\\.")
                .containsPattern("Heliostat saves -?[0-9.]+ g CO2e \\(-?[0-9]+ %\\) against greedy-carbon\\.")
                .contains("Plan written to " + plan);
        assertThat(plan).isRegularFile();
    }
}
