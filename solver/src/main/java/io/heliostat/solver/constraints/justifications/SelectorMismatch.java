package io.heliostat.solver.constraints.justifications;

import java.util.Map;

/** The node lacks labels the workload's node selector asks for. */
public record SelectorMismatch(String replica, String node, Map<String, String> selector) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " does not carry the labels " + selector + " that " + replica + " selects";
    }
}
