package io.heliostat.agent.command;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

import io.heliostat.agent.link.Json;
import io.heliostat.agent.log.Log;
import io.heliostat.api.FieldError;
import io.heliostat.api.Validator;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * Takes a command however it came (polled over HTTP, pushed over Hono) and gives its outcome: a command that is too
 * long, does not read, is of an unknown kind or invalid is answered {@code rejected} with its bad fields; a valid one
 * is recorded as taken and run by the {@link CommandExecutor}. Commands are taken one at a time, on one thread.
 */
public final class CommandIntake {

    /** Outcomes kept to answer a command delivered again: Hono resends one whose answer did not reach the controller. */
    static final int REMEMBERED_OUTCOMES = 64;

    private final CommandExecutor executor;
    private final CommandState state;
    private final Map<String, CommandOutcome> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandOutcome> eldest) {
            return size() > REMEMBERED_OUTCOMES;
        }
    };

    public CommandIntake(CommandExecutor executor, CommandState state) {
        this.executor = executor;
        this.state = state;
    }

    public long lastCommandSequence() {
        return state.lastCommandSequence();
    }

    /**
     * A command from a list the agent polled. Empty when it cannot be answered, having no usable {@code commandId}
     * (logged), or when it was taken before: the controller lists it again only if it missed the outcome.
     */
    public Optional<CommandOutcome> take(JsonNode element) throws IOException {
        String commandId = element.path("commandId").asText("");
        long sequence = element.path("sequence").asLong(0);
        if (sequence > 0 && sequence <= state.lastCommandSequence()) {
            return Optional.empty();
        }
        if (!Validator.isId(commandId)) {
            Log.severe("a command without a usable commandId cannot be answered and is skipped: " + abbreviate(element.toString()));
            state.taken(sequence);
            return Optional.empty();
        }
        return Optional.of(logged(run(element, commandId, sequence)));
    }

    /**
     * A command that came as a message of its own, answered by {@code replyId} (Hono's correlation id) rather than
     * by its {@code commandId}: so every message is answered, one that is not a command at all or was taken before
     * included. The outcome names the command's {@code commandId}, or {@code replyId} when it has no usable one.
     */
    public CommandOutcome take(byte[] body, String replyId) throws IOException {
        return logged(read(body, replyId));
    }

    private CommandOutcome read(byte[] body, String replyId) throws IOException {
        if (body.length > NodeCommand.MAX_BYTES) {
            return tooLong(replyId, 0, body.length);
        }
        JsonNode element;
        try {
            element = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return executor.reject(replyId, 0, "command is not JSON: " + e.getOriginalMessage(),
                    List.of(new FieldError("(body)", "must be a NodeCommand JSON object")));
        }
        if (element == null || !element.isObject()) {
            return executor.reject(replyId, 0, "command is not a JSON object",
                    List.of(new FieldError("(body)", "must be a NodeCommand JSON object")));
        }
        String commandId = element.path("commandId").asText("");
        long sequence = element.path("sequence").asLong(0);
        if (!Validator.isId(commandId)) {
            return executor.reject(replyId, sequence, "command has no usable commandId",
                    List.of(new FieldError("commandId", Validator.ID_RULE + ", was '" + abbreviate(commandId) + "'")));
        }
        if (sequence > 0 && sequence <= state.lastCommandSequence() && recent.containsKey(commandId)) {
            return recent.get(commandId); // run once, answered again as it was
        }
        if (sequence > 0 && sequence <= state.lastCommandSequence()) {
            return executor.reject(commandId, sequence, "command " + commandId + " was taken before: sequence " + sequence
                    + " is not after " + state.lastCommandSequence() + ", and a command runs at most once", List.of(new FieldError(
                    "sequence", "must be after the last command taken (" + state.lastCommandSequence() + "), was " + sequence)));
        }
        return run(element, commandId, sequence);
    }

    /** Records the command as taken, then reads, checks and runs it. */
    private CommandOutcome run(JsonNode element, String commandId, long sequence) throws IOException {
        ObjectMapper json = Json.mapper();
        state.taken(sequence);
        int bytes = json.writeValueAsBytes(element).length;
        if (bytes > NodeCommand.MAX_BYTES) {
            return tooLong(commandId, sequence, bytes);
        }
        NodeCommand command;
        try {
            command = json.treeToValue(element, NodeCommand.class);
        } catch (InvalidTypeIdException e) {
            return executor.reject(commandId, sequence, "unknown kind of command", List.of(new FieldError("kind",
                    "must be one of " + String.join(", ", NodeCommand.KINDS) + ", was '" + element.path("kind").asText("") + "'")));
        } catch (JsonProcessingException e) {
            return executor.reject(commandId, sequence, "command does not read: " + e.getOriginalMessage(),
                    List.of(new FieldError(path(e), e.getOriginalMessage())));
        }
        List<FieldError> errors = command.validate();
        if (!errors.isEmpty()) {
            return executor.reject(commandId, sequence, "command has " + errors.size() + " invalid field(s)", errors);
        }
        Log.info("command " + commandId + " (" + element.path("kind").asText() + ")");
        return executor.execute(command);
    }

    private CommandOutcome logged(CommandOutcome outcome) {
        Log.info("command " + outcome.commandId() + ": " + outcome.status() + " " + outcome.message());
        recent.putIfAbsent(outcome.commandId(), outcome);
        return outcome;
    }

    private CommandOutcome tooLong(String commandId, long sequence, int bytes) {
        return executor.reject(commandId, sequence, "command is " + bytes + " bytes, longer than " + NodeCommand.MAX_BYTES,
                List.of(new FieldError("(body)", "must be at most " + NodeCommand.MAX_BYTES + " bytes, was " + bytes)));
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
