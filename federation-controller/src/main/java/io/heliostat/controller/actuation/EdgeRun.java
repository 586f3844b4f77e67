package io.heliostat.controller.actuation;

import java.time.Instant;

import io.heliostat.api.node.CommandOutcome;

/**
 * What the controller last told one node about one workload: to run it or to stop it. Written before the command is
 * issued, under the command's id, so that a leader that dies between the two leaves its successor the intent to
 * carry out rather than a command it knows nothing of.
 *
 * @param action    {@value #RUN} or {@value #STOP}
 * @param commandId the command's id, chosen before it is issued
 * @param spec      what runs (for a stop, what ran)
 * @param epoch     the fencing epoch of the leader that decided it
 * @param outcome   the agent's answer, once the leader has seen it in the node's command log; null before
 * @param failures  failed tries in a row of this action, this one's included once its failure is seen
 * @param retryAt   after a failure, when the action is tried again under a new command; null otherwise
 */
public record EdgeRun(String nodeId, String action, String commandId, RunSpec spec, Instant decidedAt, long epoch,
                      CommandOutcome outcome, int failures, Instant retryAt) {

    public static final String RUN = "run";
    public static final String STOP = "stop";

    static EdgeRun run(String nodeId, String commandId, RunSpec spec, Instant at, long epoch, int failures) {
        return new EdgeRun(nodeId, RUN, commandId, spec, at, epoch, null, failures, null);
    }

    static EdgeRun stop(String nodeId, String commandId, RunSpec spec, Instant at, long epoch, int failures) {
        return new EdgeRun(nodeId, STOP, commandId, spec, at, epoch, null, failures, null);
    }

    boolean isRun() {
        return RUN.equals(action);
    }

    boolean succeeded() {
        return outcome != null && CommandOutcome.SUCCEEDED.equals(outcome.status());
    }

    /** The run or stop with the agent's answer seen: a failure counts and sets when to try again. */
    EdgeRun answered(CommandOutcome answer, Instant retryAt, long byEpoch) {
        boolean failed = !CommandOutcome.SUCCEEDED.equals(answer.status());
        return new EdgeRun(nodeId, action, commandId, spec, decidedAt, Math.max(epoch, byEpoch), answer, failed ? failures + 1 : 0,
                failed ? retryAt : null);
    }
}
