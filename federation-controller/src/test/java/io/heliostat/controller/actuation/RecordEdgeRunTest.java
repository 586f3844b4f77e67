package io.heliostat.controller.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The fenced compare-and-set by which a leader records what it decided for a node, run where the entry lives. */
class RecordEdgeRunTest {

    private static final Instant TEN = Instant.parse("2026-11-22T10:00:00Z");
    private static final RunSpec SPEC = new RunSpec("ghcr.io/acme/ingest:1.2", "runc", 250, 256);

    private static EdgeRun run(String node, String commandId, long epoch) {
        return EdgeRun.run(node, commandId, SPEC, TEN, epoch, 0);
    }

    /** Runs the processor on an entry of its own, as the owning member would; returns whether it wrote, and the entry. */
    private static Map.Entry<Boolean, EdgeRuns> record(EdgeRuns runs, RecordEdgeRun write) {
        Map.Entry<String, EdgeRuns> entry = new AbstractMap.SimpleEntry<>("ingest", runs);
        Boolean written = write.process(entry);
        return new AbstractMap.SimpleEntry<>(written, entry.getValue());
    }

    @Test
    void a_decision_is_written_only_over_the_command_it_replaces() {
        EdgeRuns runs = new EdgeRuns("ingest", List.of(run("gw-mad-1", "edge-1", 2), run("gw-mad-2", "edge-2", 2)));

        Map.Entry<Boolean, EdgeRuns> replaced = record(runs, new RecordEdgeRun("gw-mad-1", "edge-1", run("gw-mad-1", "edge-3", 2), 2));
        // Another leader saw edge-1 too and decided otherwise a moment later: it learns that it must not issue.
        Map.Entry<Boolean, EdgeRuns> late = record(replaced.getValue(), new RecordEdgeRun("gw-mad-1", "edge-1",
                run("gw-mad-1", "edge-4", 2), 2));
        Map.Entry<Boolean, EdgeRuns> first = record(null, new RecordEdgeRun("gw-mad-1", null, run("gw-mad-1", "edge-5", 2), 2));

        assertThat(replaced.getKey()).isTrue();
        assertThat(replaced.getValue().on("gw-mad-1").map(EdgeRun::commandId)).contains("edge-3");
        assertThat(replaced.getValue().on("gw-mad-2")).contains(runs.on("gw-mad-2").orElseThrow());
        assertThat(late.getKey()).isFalse();
        assertThat(late.getValue()).isEqualTo(replaced.getValue());
        assertThat(first.getKey()).isTrue();
        assertThat(first.getValue().runs()).extracting(EdgeRun::commandId).containsExactly("edge-5");
    }

    @Test
    void a_leader_replaced_by_one_with_a_newer_epoch_writes_nothing_over_its_decisions() {
        EdgeRuns runs = new EdgeRuns("ingest", List.of(run("gw-mad-1", "edge-1", 3)));

        Map.Entry<Boolean, EdgeRuns> stale = record(runs, new RecordEdgeRun("gw-mad-1", "edge-1", null, 2));

        assertThat(stale.getKey()).isFalse();
        assertThat(stale.getValue()).isEqualTo(runs);
    }

    @Test
    void forgetting_a_workloads_last_run_removes_its_entry() {
        EdgeRuns runs = new EdgeRuns("ingest", List.of(run("gw-mad-1", "edge-1", 1)));

        Map.Entry<Boolean, EdgeRuns> forgotten = record(runs, new RecordEdgeRun("gw-mad-1", "edge-1", null, 1));

        assertThat(forgotten.getKey()).isTrue();
        assertThat(forgotten.getValue()).isNull();
    }
}
