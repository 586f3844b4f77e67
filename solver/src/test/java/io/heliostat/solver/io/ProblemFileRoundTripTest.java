package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;

/** A problem read, written and read again is the same problem, and writes the same file again. */
class ProblemFileRoundTripTest {

    @Test
    void theDemoFleetSurvivesWriteAndReadUnchanged(@TempDir Path dir) throws IOException {
        FleetPlan read = new ProblemFileReader().read(DemoFleetTest.DEMO_FLEET);
        Path written = dir.resolve("demo-copy.json");

        ProblemFileWriter.write(read, written);
        FleetPlan reread = new ProblemFileReader().read(written);

        assertSameProblem(reread, read);
        // The writer's form is a fixed point: what it writes it reads back to the same text.
        assertThat(ProblemFileWriter.toJson(reread, ProblemFileWriter.Metadata.NONE))
                .isEqualTo(ProblemFileWriter.toJson(read, ProblemFileWriter.Metadata.NONE));
    }

    @Test
    void everyFieldOfTheTinyFleetSurvives() {
        String json = TinyFleet.with(tree -> {
            var node = TinyFleet.node(tree, 0);
            node.withObjectProperty("capacity").put("gpu", 2).put("dpu", 1).put("ephemeralStorage", "100Gi");
            node.withObjectProperty("power").put("wattsPerGpu", 250);
            node.put("powerBudgetWatts", 900);
            node.putObject("labels").put("heliostat.io/site", "north-1");
            node.putArray("taints").addObject().put("key", "heliostat.io/edge").put("effect", "PreferNoSchedule");
            node.putArray("runtimes").add("runc").add("kata").add("wasm");
            var web = TinyFleet.workload(tree, 0);
            web.put("tenant", "shop");
            web.putObject("nodeSelector").put("heliostat.io/site", "north-1");
            web.putArray("tolerations").addObject().put("key", "heliostat.io/edge").put("operator", "Equal").put("value", "true");
            web.putObject("sandbox").put("minIsolation", "micro-vm").put("runtime", "kata");
            web.putArray("residency").add("EU").add("NO");
            web.put("latencySloMs", 35);
            web.putObject("spread").put("topologyKey", "region").put("minDomains", 2);
            web.put("antiAffinity", true);
            web.putObject("policy").put("latencyGramsPerMs", 5).put("migrationGramsPerMove", 200);
            var job = TinyFleet.workload(tree, 1);
            job.put("releaseSlot", 1).put("deadlineSlot", 4).put("durationSlots", 2);
            job.putArray("colocateWith").add("web");
            job.putObject("sandbox").put("wasmModule", true);
            tree.withObjectProperty("policy").put("migrationMode", "pin").put("carbon", 2.5);
            tree.withArray("currentPlacement").addObject().put("replica", "job#0").put("node", "n1").put("startSlot", 2);
        });
        FleetPlan read = TinyFleet.read(json);

        FleetPlan reread = TinyFleet.read(ProblemFileWriter.toJson(read, new ProblemFileWriter.Metadata("tiny", "for a test")));

        assertSameProblem(reread, read);
        assertThat(reread.getPolicy()).isEqualTo(read.getPolicy());
        Replica job = reread.getReplicas().get(2);
        assertThat(job.getCurrentNode().id()).isEqualTo("n1");
        assertThat(job.getStartSlot()).isEqualTo(2);
        assertThat(job.isPinned()).isTrue();
        // web's own policy penalises moves, the problem's pins: web#0 is the solver's to move.
        assertThat(reread.getReplicas().getFirst().isPinned()).isFalse();
        assertThat(reread.getWorkloads().getFirst().policy()).hasValueSatisfying(policy -> {
            assertThat(policy.latencyGramsPerMs()).isEqualTo(5);
            assertThat(policy.migrationGramsPerMove()).isEqualTo(200);
            assertThat(policy.migrationMode()).isEqualTo(MigrationMode.PENALISE);
        });
    }

    /** Same facts, compared field by field (the model's facts compare by identity). */
    private static void assertSameProblem(FleetPlan actual, FleetPlan expected) {
        assertThat(actual.getHorizon()).isEqualTo(expected.getHorizon());
        assertThat(actual.getPolicy()).isEqualTo(expected.getPolicy());
        assertThat(actual.getZones()).hasSameSizeAs(expected.getZones());
        for (int i = 0; i < expected.getZones().size(); i++) {
            assertThat(actual.getZones().get(i).id()).isEqualTo(expected.getZones().get(i).id());
            assertThat(actual.getZones().get(i).signalKind()).isEqualTo(expected.getZones().get(i).signalKind());
            assertThat(actual.getZones().get(i).intensities()).containsExactly(expected.getZones().get(i).intensities());
        }
        assertThat(actual.getClusters()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zone")
                .containsExactlyElementsOf(expected.getClusters());
        assertThat(actual.getNodes()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("cluster")
                .containsExactlyElementsOf(expected.getNodes());
        assertThat(actual.getWorkloads()).hasSameSizeAs(expected.getWorkloads());
        for (int i = 0; i < expected.getWorkloads().size(); i++) {
            Workload a = actual.getWorkloads().get(i);
            Workload e = expected.getWorkloads().get(i);
            assertThat(a).usingRecursiveComparison().ignoringFields("userLocation").isEqualTo(e);
            for (var cluster : expected.getClusters()) {
                assertThat(a.rttMs(actual.getClusters().get(cluster.index()))).as(a.id() + " to " + cluster.id())
                        .isEqualTo(e.rttMs(cluster));
            }
        }
        assertThat(actual.getReplicas()).extracting(Replica::getId, r -> idOf(r.getCurrentNode()), Replica::getStartSlot)
                .containsExactlyElementsOf(expected.getReplicas().stream()
                        .map(r -> tuple(r.getId(), idOf(r.getCurrentNode()), r.getStartSlot())).toList());
    }

    private static String idOf(Node node) {
        return node == null ? null : node.id();
    }
}
