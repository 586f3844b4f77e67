package io.heliostat.controller.node;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Resources;

/**
 * The report an edge agent on a fleet-file node would send at a given load: capacity, runtimes, labels and
 * taints from the file, draw from its power profile. For fleets simulated in the demo, benchmarks and tests.
 */
public final class NodeReports {

    private NodeReports() {
    }

    /** @param load the share of the node's CPU and memory in use, 0 to 1 */
    public static NodeReport describing(Node node, long sequence, Instant observedAt, double load) {
        Resources capacity = node.capacity();
        double draw = node.power().idleWatts() + load * (node.power().maxWatts() - node.power().idleWatts());
        List<NodeTaint> taints = node.taints().stream()
                .map(taint -> new NodeTaint(taint.key(), taint.value(), taint.effect().id())).toList();
        return new NodeReport(NodeReport.VERSION, node.id(), sequence, observedAt, node.cluster().id(),
                new ResourceAmounts(capacity.cpuMillis(), capacity.memoryMiB(), capacity.gpus(), capacity.dpus(),
                        capacity.ephemeralStorageMiB()),
                new ResourceAmounts(Math.round(load * capacity.cpuMillis()), Math.round(load * capacity.memoryMiB()), 0, 0, 0),
                new PowerReading(draw, node.power().idleWatts(), node.power().maxWatts(), node.powerBudgetWatts(), false),
                40 + 20 * load, node.runtimes().stream().map(runtime -> runtime.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                List.of(), Map.of("controller", 5.0), node.labels(), taints);
    }
}
