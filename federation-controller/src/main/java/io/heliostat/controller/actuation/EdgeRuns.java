package io.heliostat.controller.actuation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the controller has told the edge nodes about one workload, a run per node: the entry of the shared
 * {@code edge-runs} map, by workload id. It outlives the workload's placement while stops are still under way, so a
 * new leader knows what the old one left running.
 */
public record EdgeRuns(String workloadId, List<EdgeRun> runs) {

    public EdgeRuns {
        runs = List.copyOf(runs);
    }

    public Optional<EdgeRun> on(String nodeId) {
        return runs.stream().filter(run -> run.nodeId().equals(nodeId)).findFirst();
    }

    /** With the node's run replaced by {@code run}, or removed when it is null. */
    EdgeRuns with(String nodeId, EdgeRun run) {
        List<EdgeRun> changed = new ArrayList<>(runs.size() + 1);
        runs.stream().filter(other -> !other.nodeId().equals(nodeId)).forEach(changed::add);
        if (run != null) {
            changed.add(run);
        }
        return new EdgeRuns(workloadId, changed);
    }
}
