package io.heliostat.solver.advice;

/**
 * Where one replica of a workload placed elsewhere runs, for {@link PlacementAdvisor#adopt}.
 *
 * @param node      the node's id; null while the replica waits for room
 * @param startSlot the slot it starts in (a service's is its release slot)
 */
public record Assignment(String node, int startSlot) {
}
