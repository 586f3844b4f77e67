package io.heliostat.solver.constraints.justifications;

import java.util.List;

/** The node has NoSchedule/NoExecute taints the workload does not tolerate. */
public record UntoleratedTaints(String replica, String node, List<String> taints) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " had untolerated taint " + taints;
    }
}
