package io.heliostat.solver.constraints.justifications;

import java.util.List;

/** The node offers no sandbox runtime the workload accepts. */
public record SandboxUnavailable(String replica, String node, String required, List<String> offered) implements Explanation {

    @Override
    public String reason() {
        return "node " + node + " offers " + offered + " but " + replica + " needs " + required;
    }
}
