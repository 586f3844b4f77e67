package io.heliostat.controller.actuation;

/**
 * What runs of a workload on one edge node: what a run-workload command carries besides its ids.
 *
 * @param runtime   the sandbox runtime, one of the node's
 * @param cpuMillis one replica's CPU request; 0 for none
 * @param memoryMiB one replica's memory request; 0 for none
 */
public record RunSpec(String image, String runtime, long cpuMillis, long memoryMiB) {
}
