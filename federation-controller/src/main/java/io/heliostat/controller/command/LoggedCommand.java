package io.heliostat.controller.command;

import java.time.Instant;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * A command in its node's log, as {@code GET /api/v1/nodes/{id}/commands} shows it.
 *
 * @param status     {@value #PENDING} until the agent answers, then the outcome's: succeeded, failed or rejected; or
 *                   {@value #CANCELLED} when an operator cancelled it first
 * @param outcome    the agent's answer; null while pending
 * @param answeredAt when the controller took the answer; null while pending
 */
public record LoggedCommand(String status, NodeCommand command, CommandOutcome outcome, Instant answeredAt) {

    public static final String PENDING = "pending";
    /** Not an agent's answer: the controller records it for a command an operator cancelled while it was pending. */
    public static final String CANCELLED = "cancelled";

    static LoggedCommand issued(NodeCommand command) {
        return new LoggedCommand(PENDING, command, null, null);
    }

    LoggedCommand answer(CommandOutcome answer, Instant at) {
        return new LoggedCommand(answer.status(), command, answer, at);
    }

    public boolean answered() {
        return outcome != null;
    }
}
