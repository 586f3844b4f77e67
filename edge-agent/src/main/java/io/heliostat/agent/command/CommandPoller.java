package io.heliostat.agent.command;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

import io.heliostat.agent.link.ControllerLink;
import io.heliostat.agent.link.Json;
import io.heliostat.agent.log.Log;
import io.heliostat.api.FieldError;
import io.heliostat.api.Validator;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * Asks the controller for the node's commands and answers each with its outcome:
 * {@code GET /api/v1/nodes/{id}/commands?after={last sequence taken}} (a JSON array, oldest first, at most
 * {@link #MAX_POLL_BYTES}), then {@code POST /api/v1/nodes/{id}/commands/{commandId}/outcome} for each. A command
 * that is too long, of an unknown kind or invalid is answered {@code rejected} with its bad fields; one with no
 * usable {@code commandId} cannot be answered and is only logged. Outcomes the controller did not take (unreachable,
 * 5xx, 429) are offered again at the next poll (at most {@link #MAX_PENDING_OUTCOMES}, the oldest given up first); one
 * it refuses for good (4xx, such as 404 for a command it no longer knows) is logged and given up.
 */
public final class CommandPoller {

    public static final int MAX_POLL_BYTES = 64 * NodeCommand.MAX_BYTES;
    static final int MAX_PENDING_OUTCOMES = 64;

    private final ControllerLink link;
    private final CommandExecutor executor;
    private final CommandState state;
    private final Deque<CommandOutcome> pending = new ArrayDeque<>();
    private int lastProblem;

    public CommandPoller(ControllerLink link, CommandExecutor executor, CommandState state) {
        this.link = link;
        this.executor = executor;
        this.state = state;
    }

    /** One round: offer the outcomes still owed, then take the new commands. */
    public void poll() {
        try {
            offerPending();
            ControllerLink.Answer answer = link.get("/nodes/" + link.nodeId() + "/commands?after=" + state.lastCommandSequence(),
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
                take(command);
            }
        } catch (IOException e) {
            problem(-3, "controller unreachable for commands: " + e.getMessage());
        }
    }

    private void take(JsonNode element) throws IOException {
        ObjectMapper json = Json.mapper();
        String commandId = element.path("commandId").asText("");
        long sequence = element.path("sequence").asLong(0);
        if (sequence > 0 && sequence <= state.lastCommandSequence()) {
            return;
        }
        if (!Validator.ID.matcher(commandId).matches()) {
            Log.severe("a command without a usable commandId cannot be answered and is skipped: "
                    + abbreviate(element.toString()));
            state.taken(sequence);
            return;
        }
        state.taken(sequence);
        int bytes = json.writeValueAsBytes(element).length;
        if (bytes > NodeCommand.MAX_BYTES) {
            answer(executor.reject(commandId, sequence, "command is " + bytes + " bytes, longer than " + NodeCommand.MAX_BYTES,
                    List.of(new FieldError("(body)", "must be at most " + NodeCommand.MAX_BYTES + " bytes, was " + bytes))));
            return;
        }
        NodeCommand command;
        try {
            command = json.treeToValue(element, NodeCommand.class);
        } catch (InvalidTypeIdException e) {
            answer(executor.reject(commandId, sequence, "unknown kind of command", List.of(new FieldError("kind",
                    "must be one of " + String.join(", ", NodeCommand.KINDS) + ", was '" + element.path("kind").asText("") + "'"))));
            return;
        } catch (JsonProcessingException e) {
            answer(executor.reject(commandId, sequence, "command does not read: " + e.getOriginalMessage(),
                    List.of(new FieldError(path(e), e.getOriginalMessage()))));
            return;
        }
        List<FieldError> errors = command.validate();
        if (!errors.isEmpty()) {
            answer(executor.reject(commandId, sequence, "command has " + errors.size() + " invalid field(s)", errors));
            return;
        }
        Log.info("command " + commandId + " (" + element.path("kind").asText() + ")");
        answer(executor.execute(command));
    }

    private void answer(CommandOutcome outcome) {
        Log.info("command " + outcome.commandId() + ": " + outcome.status() + " " + outcome.message());
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

    private static String path(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        return "(body)";
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
