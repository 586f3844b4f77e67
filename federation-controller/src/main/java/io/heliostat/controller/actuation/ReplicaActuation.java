package io.heliostat.controller.actuation;

import java.util.List;

/**
 * How a workload is actuated on one edge node, as {@code GET /api/v1/placements/{id}} shows it under {@code actuation}:
 * one per replica placed on an edge node, and one per edge node it has left while its stop is under way.
 *
 * @param replica   the replica placed there; null for a node the workload has left
 * @param state     {@value #PENDING}: a run is decided, not yet answered (the message says whether it has reached the
 *                  node's command log); {@value #RUNNING}: the agent started it; {@value #FAILED}: the run failed or was
 *                  rejected, and is tried again after the back-off; {@value #STOPPING}: a stop is issued (the workload
 *                  left the node, was deleted, the node was drained or lost, or a job's run ended), or tried again after
 *                  a failure; {@value #STOPPED}: the agent stopped it; {@value #SCHEDULED}: a batch job before its
 *                  start; {@value #FINISHED}: a batch job after its end; {@value #NOT_ACTUATED}: nothing is run, as
 *                  the message says (the workload names no image)
 * @param runtime   the sandbox runtime it runs in; null when nothing is decided
 * @param commandId the last run or stop command, to follow in the node's command history; null before the first
 * @param message   what happened, for a person: the agent's own words when it answered
 */
public record ReplicaActuation(String replica, String node, String state, String runtime, String commandId, String message) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String SCHEDULED = "scheduled";
    public static final String FINISHED = "finished";
    public static final String NOT_ACTUATED = "not-actuated";
    public static final List<String> STATES = List.of(PENDING, RUNNING, FAILED, STOPPING, STOPPED, SCHEDULED, FINISHED, NOT_ACTUATED);
}
