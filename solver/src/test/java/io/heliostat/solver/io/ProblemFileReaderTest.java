package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;

class ProblemFileReaderTest {

    @Test
    void readsTheTinyFleetWithItsDefaults() {
        FleetPlan plan = TinyFleet.read();

        assertThat(plan.getHorizon()).isEqualTo(new Horizon(Instant.parse("2022-06-15T00:00:00Z"), Duration.ofHours(1), 4));
        assertThat(plan.getPolicy()).isEqualTo(PlacementPolicy.ofDefaults());
        assertThat(plan.getZones()).extracting(z -> z.id()).containsExactly("clean", "dirty");
        assertThat(plan.getZones().get(1).intensities()).containsExactly(400, 300, 200, 100);
        assertThat(plan.getNodes().get(0).capacity().cpuMillis()).isEqualTo(4000);
        assertThat(plan.getNodes().get(0).capacity().memoryMiB()).isEqualTo(8192);
        assertThat(plan.getNodes().get(0).runtimes()).containsExactly(SandboxRuntime.RUNC);
        assertThat(plan.getNodes().get(1).index()).isEqualTo(1);

        Workload web = plan.getWorkloads().get(0);
        // A service runs the whole horizon.
        assertThat(web.releaseSlot()).isZero();
        assertThat(web.durationSlots()).isEqualTo(4);
        assertThat(web.deadlineSlot()).isEqualTo(4);
        assertThat(web.sandbox()).isEqualTo(SandboxRequirement.ANY_CONTAINER);
        assertThat(web.rttMs(plan.getClusters().get(0))).isEqualTo(30);
        Workload job = plan.getWorkloads().get(1);
        assertThat(job.kind()).isEqualTo(WorkloadKind.BATCH);
        assertThat(job.durationSlots()).isEqualTo(2);
        assertThat(job.deadlineSlot()).isEqualTo(4);
        assertThat(job.deferrable()).isTrue();
    }

    @Test
    void aWorkloadsOwnPolicyTakesThePolicyBlocksDefaultsNotThePlansValues() {
        FleetPlan plan = TinyFleet.read(TinyFleet.with(tree -> {
            tree.putObject("policy").put("carbon", 2.5).put("latencyGramsPerMs", 0);
            TinyFleet.workload(tree, 0).putObject("policy").put("latencyGramsPerMs", 5).put("migrationMode", "pin");
        }));

        Workload web = plan.getWorkloads().get(0);
        PlacementPolicy d = PlacementPolicy.ofDefaults();
        assertThat(web.policy()).contains(new PlacementPolicy(d.carbon(), d.energyGramsPerKwh(), 5, d.migrationGramsPerMove(),
                d.headroomTarget(), d.headroomGramsPerCoreHour(), d.preferNoScheduleGrams(), MigrationMode.PIN,
                d.sandboxSecurityWeight(), d.sandboxPerformanceWeight()));
        assertThat(plan.getWorkloads().get(1).policy()).isEmpty();
        // web#0 runs on s1: its own policy pins it there, though the plan's penalises moves.
        assertThat(plan.getReplicas().getFirst().isPinned()).isTrue();
    }

    @Test
    void theCurrentPlacementIsWhereReplicasRunAndWhereTheSolverStarts() {
        FleetPlan plan = TinyFleet.read();

        assertThat(plan.getReplicas()).extracting(Replica::getId).containsExactly("web#0", "web#1", "job#0");
        Replica web0 = plan.getReplicas().get(0);
        assertThat(web0.getCurrentNode().id()).isEqualTo("s1");
        assertThat(web0.getNode().id()).isEqualTo("s1");
        assertThat(web0.getStartSlot()).isZero();
        assertThat(plan.getReplicas().get(1).getNode()).isNull();
    }

    @Test
    void readsEveryFieldOfAWorkloadAndNode() {
        String json = TinyFleet.with(tree -> {
            var node = TinyFleet.node(tree, 0);
            node.putObject("capacity").put("cpu", 2.5).put("memory", "1G").put("gpu", 1).put("dpu", 2).put("ephemeralStorage", "10Gi");
            node.put("powerBudgetWatts", 120);
            node.putObject("labels").put("heliostat.io/site", "north-1");
            node.putArray("taints").addObject().put("key", "heliostat.io/edge").put("value", "true").put("effect", "NoSchedule");
            node.putArray("runtimes").add("runc").add("gvisor").add("wasm");
            var web = TinyFleet.workload(tree, 0);
            web.putObject("requests").put("cpu", "250m").put("memory", "100M");
            web.putObject("nodeSelector").put("heliostat.io/site", "north-1");
            web.putArray("tolerations").addObject().put("key", "heliostat.io/edge").put("operator", "Exists");
            web.putObject("sandbox").put("minIsolation", "user-space-kernel");
            web.putArray("residency").add("EU");
            web.put("latencySloMs", 40);
            web.putObject("spread").put("topologyKey", "cluster").put("minDomains", 2);
            web.put("antiAffinity", true);
            web.put("tenant", "shop");
            var job = TinyFleet.workload(tree, 1);
            job.put("releaseSlot", 1).put("deadlineSlot", 3);
            job.putArray("colocateWith").add("web");
        });

        FleetPlan plan = TinyFleet.read(json);

        var node = plan.getNodes().get(0);
        assertThat(node.capacity().cpuMillis()).isEqualTo(2500);
        // 1G = 10^9 bytes = 953.67 MiB: a capacity rounds down.
        assertThat(node.capacity().memoryMiB()).isEqualTo(953);
        assertThat(node.capacity().gpus()).isEqualTo(1);
        assertThat(node.capacity().dpus()).isEqualTo(2);
        assertThat(node.capacity().ephemeralStorageMiB()).isEqualTo(10240);
        assertThat(node.powerBudgetWatts()).isEqualTo(120);
        assertThat(node.labels()).containsEntry("heliostat.io/site", "north-1");
        assertThat(node.taints()).singleElement().satisfies(t -> assertThat(t.effect()).isEqualTo(TaintEffect.NO_SCHEDULE));
        assertThat(node.runtimes()).containsExactlyInAnyOrder(SandboxRuntime.RUNC, SandboxRuntime.GVISOR, SandboxRuntime.WASM);
        Workload web = plan.getWorkloads().get(0);
        assertThat(web.request().cpuMillis()).isEqualTo(250);
        // 100M = 10^8 bytes = 95.37 MiB: a request rounds up.
        assertThat(web.request().memoryMiB()).isEqualTo(96);
        assertThat(web.tolerations()).singleElement().satisfies(t -> {
            assertThat(t.operator()).isEqualTo(Toleration.Operator.EXISTS);
            assertThat(t.effect()).isEmpty();
        });
        assertThat(web.sandbox().minIsolation()).isEqualTo(IsolationLevel.USER_SPACE_KERNEL);
        assertThat(web.residency()).containsExactly("EU");
        assertThat(web.latencySloMs()).isEqualTo(40);
        assertThat(web.spread()).hasValueSatisfying(s -> assertThat(s.minDomains()).isEqualTo(2));
        assertThat(web.antiAffinity()).isTrue();
        assertThat(web.tenant()).isEqualTo("shop");
        Workload job = plan.getWorkloads().get(1);
        assertThat(job.releaseSlot()).isEqualTo(1);
        assertThat(job.deadlineSlot()).isEqualTo(3);
        assertThat(plan.getColocations()).singleElement().satisfies(c -> assertThat(c.dependency().id()).isEqualTo("web"));
    }

    @Test
    void estimatesRttFromGeographyUnlessMeasured() {
        // users in Madrid; south is Madrid (0 km: access time only), north is Oslo.
        String json = TinyFleet.with(tree -> {
            var users = TinyFleet.userLocation(tree, 0);
            users.putObject("location").put("lat", 40.4).put("lon", -3.7);
            users.putObject("rttMs").put("north", 55);
            users.put("accessMs", 3);
        });

        FleetPlan plan = TinyFleet.read(json);

        Workload web = plan.getWorkloads().get(0);
        assertThat(web.rttMs(plan.getClusters().get(0))).isEqualTo(55);
        assertThat(web.rttMs(plan.getClusters().get(1))).isEqualTo(3);
    }

    @Test
    void keepsOnlyTheHorizonsSlotsOfALongerIntensityArray() {
        String json = TinyFleet.with(tree -> TinyFleet.zone(tree, 0).withArray("intensity").add(50).add(60));

        FleetPlan plan = TinyFleet.read(json);

        assertThat(plan.getZones().get(0).intensities()).containsExactly(10, 20, 30, 40);
    }

    @Test
    void resolvesTraceReferencesThroughTheResolverWithRelativeFilesTakenFromTheProblemsDirectory(@TempDir Path dir) throws IOException {
        Path problem = dir.resolve("fleets/tiny.json");
        Files.createDirectories(problem.getParent());
        Files.writeString(problem, TinyFleet.with(tree -> {
            TinyFleet.traceInstead(tree, 0).put("file", "../traces/clean.csv");
            TinyFleet.traceInstead(tree, 1).put("bundled", "em-ES-2022-hourly.csv");
        }));
        List<String> asked = new ArrayList<>();
        ZoneTraceResolver resolver = (reference, signal, horizon) -> {
            asked.add(reference + " " + signal + " " + horizon.slots());
            return switch (reference) {
                case ZoneTraceReference.TraceFile file -> new double[] {1, 2, 3, 4, 5};
                case ZoneTraceReference.BundledTrace bundled -> new double[] {7, 7, 7, 7};
            };
        };

        FleetPlan plan = new ProblemFileReader(resolver).read(problem);

        assertThat(asked).containsExactly(
                "file " + dir.resolve("traces/clean.csv").toAbsolutePath() + " AVERAGE 4",
                "bundled trace em-ES-2022-hourly.csv AVERAGE 4");
        assertThat(plan.getZones().get(0).intensities()).containsExactly(1, 2, 3, 4);
        assertThat(plan.getZones().get(1).signalKind()).isEqualTo(SignalKind.AVERAGE);
    }

    @Test
    void aTraceTheResolverCannotReadIsAnErrorAtTheTrace() {
        String json = TinyFleet.with(tree -> TinyFleet.traceInstead(tree, 0).put("bundled", "nowhere.csv"));
        ZoneTraceResolver resolver = (reference, signal, horizon) -> {
            throw new IOException("no such trace");
        };

        assertThatThrownBy(() -> new ProblemFileReader(resolver).read(json, "tiny.json", Path.of(".")))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors()).containsExactly(
                        new FileError("$.zones[0].trace", "cannot read the bundled trace nowhere.csv: no such trace")));
    }

    @Test
    void withoutAResolverATraceReferenceSaysToListTheIntensitiesInline() {
        String json = TinyFleet.with(tree -> TinyFleet.traceInstead(tree, 0).put("bundled", "em-ES-2022-hourly.csv"));

        assertThatThrownBy(() -> TinyFleet.read(json))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.path()).isEqualTo("$.zones[0].trace");
                            assertThat(error.reason()).contains("list the zone's intensities inline");
                        }));
    }
}
