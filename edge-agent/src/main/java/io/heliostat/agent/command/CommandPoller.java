package io.heliostat.agent.command;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.heliostat.agent.link.ControllerLink;
import io.heliostat.agent.link.Json;
import io.heliostat.agent.log.Log;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * Asks the controller for the node's commands and answers each with its outcome:
 * {@code GET /api/v1/nodes/{id}/commands?after={last sequence taken}} (a JSON array, oldest first, at most
 * {@link #MAX_POLL_BYTES}), then {@code POST /api/v1/nodes/{id}/commands/{commandId}/outcome} for each. Each command
 * goes through the {@link CommandIntake}; one with no usable {@code commandId} cannot be answered and is only logged.
 * Outcomes the controller did not take (unreachable, 5xx, 429) are offered again at the next poll (at most
 * {@link #MAX_PENDING_OUTCOMES}, the oldest given up first); one it refuses for good (4xx, such as 404 for a command
 * it no longer knows) is logged and given up.
 */
public final class CommandPoller {

    public static final int MAX_POLL_BYTES = 64 * NodeCommand.MAX_BYTES;
    static final int MAX_PENDING_OUTCOMES = 64;

    private final ControllerLink link;
    private final CommandIntake intake;
    private final Deque<CommandOutcome> pending = new ArrayDeque<>();
    private int lastProblem;

    public CommandPoller(ControllerLink link, CommandIntake intake) {
        this.link = link;
        this.intake = intake;
    }

    /** One round: offer the outcomes still owed, then take the new commands. */
    public void poll() {
        try {
            offerPending();
            ControllerLink.Answer answer = link.get("/nodes/" + link.nodeId() + "/commands?after=" + intake.lastCommandSequence(),
                    MAX_POLL_BYTES);
            if (answer.status() != 200) {
                problem(answer.status(), answer.status() == 404
                        ? "the controller answers 404 for this node's commands (no command endpoint, or no report of the node"
                        + " taken yet); polling on"
                        : "asking for commands: HTTP " + answer.status() + " " + answer.text());
                return;
            }
            if (answer.truncated()) {
                problem(-1, "the controller's command list is longer than " + MAX_POLL_BYTES + " bytes; it must send fewer commands at once");
                return;
            }
            ObjectMapper json = Json.mapper();
            JsonNode commands = answer.body().length == 0 ? json.createArrayNode() : json.readTree(answer.body());
            if (!commands.isArray()) {
                problem(-2, "the controller's command list is not a JSON array");
                return;
            }
            lastProblem = 0;
            for (JsonNode command : commands) {
                intake.take(command).ifPresent(this::answer);
            }
        } catch (IOException e) {
            problem(-3, "controller unreachable for commands: " + e.getMessage());
        }
    }

    private void answer(CommandOutcome outcome) {
        pending.addLast(outcome);
        while (pending.size() > MAX_PENDING_OUTCOMES) {
            CommandOutcome dropped = pending.pollFirst();
            Log.warning("outcome of command " + dropped.commandId() + " given up: the controller has not taken it");
        }
        offerPending();
    }

    private void offerPending() {
        while (!pending.isEmpty()) {
            CommandOutcome outcome = pending.peekFirst();
            try {
                ControllerLink.Answer answer = link.post("/nodes/" + link.nodeId() + "/commands/" + outcome.commandId() + "/outcome",
                        Json.mapper().writeValueAsBytes(outcome), 64 * 1024);
                if (answer.status() >= 500 || answer.status() == 429) {
                    return;
                }
                // 404: the controller no longer knows the command (every member restarted and its log went with them);
                // offered again it would hold back every later outcome for good.
                if (answer.status() >= 300) {
                    Log.warning("controller refused the outcome of command " + outcome.commandId() + ": HTTP " + answer.status()
                            + " " + answer.text());
                }
                pending.pollFirst();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Logs a problem with polling once, until it changes or polling works again. */
    private void problem(int kind, String message) {
        if (kind != lastProblem) {
            lastProblem = kind;
            if (kind == 404) {
                Log.info(message);
            } else {
                Log.warning(message);
            }
        }
    }
}
