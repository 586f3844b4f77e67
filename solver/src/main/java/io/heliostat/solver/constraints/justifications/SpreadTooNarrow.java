package io.heliostat.solver.constraints.justifications;

/** A workload's replicas cover fewer failure domains than its spread rule asks. */
public record SpreadTooNarrow(String workload, String topologyKey, long domains, long required) implements Explanation {

    @Override
    public String reason() {
        return workload + " runs in " + domains + " " + topologyKey + " domain(s), needs " + required;
    }
}
