package io.heliostat.controller.rest;

import java.util.ArrayList;
import java.util.List;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.controller.command.NodeCommands;

/** {@code /api/v1/nodes/{id}/commands}: operators issue commands, agents take them and answer. */
public final class CommandsResource {

    private final NodeCommands commands;
    private final JsonBodies bodies;

    public CommandsResource(NodeCommands commands, JsonBodies bodies) {
        this.commands = commands;
        this.bodies = bodies;
    }

    /** {@code POST /nodes/{id}/commands}: 202 with the command, its commandId, sequence and issuedAt assigned. */
    public ApiResponse issue(String nodeId, byte[] body) {
        return ApiResponse.accepted(commands.issue(nodeId, bodies.readUnchecked(body, NodeCommand.class, "node command")));
    }

    /**
     * {@code GET /nodes/{id}/commands}: with {@code after} (what an agent polls), the commands it has still to take,
     * oldest first; without, the node's command history with each one's status.
     */
    public ApiResponse list(String nodeId, String after) {
        if (after == null) {
            return ApiResponse.ok(commands.history(nodeId));
        }
        long sequence;
        try {
            sequence = Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            sequence = -1;
        }
        if (sequence < 0) {
            throw ApiProblem.invalid("after must be the sequence of the last command taken", List.of(new FieldError("after",
                    "must be a whole number >= 0, was '" + after + "'")));
        }
        // An array, not a list: its element type tells Jackson to write each command's kind.
        return ApiResponse.ok(commands.due(nodeId, sequence).toArray(NodeCommand[]::new));
    }

    /** {@code GET /nodes/{id}/commands/{commandId}}. */
    public ApiResponse get(String nodeId, String commandId) {
        return ApiResponse.ok(commands.command(nodeId, commandId));
    }

    /** {@code DELETE /nodes/{id}/commands/{commandId}}: 200 with the command, cancelled. */
    public ApiResponse cancel(String nodeId, String commandId) {
        return ApiResponse.ok(commands.cancel(nodeId, commandId));
    }

    /** {@code POST /nodes/{id}/commands/{commandId}/outcome}: 200 with the command and the outcome recorded. */
    public ApiResponse answer(String nodeId, String commandId, byte[] body) {
        CommandOutcome outcome = bodies.read(body, CommandOutcome.class, "command outcome");
        List<FieldError> errors = new ArrayList<>();
        if (!outcome.nodeId().equals(nodeId)) {
            errors.add(new FieldError("nodeId", "must be the node of the path (" + nodeId + "), was '" + outcome.nodeId() + "'"));
        }
        if (!outcome.commandId().equals(commandId)) {
            errors.add(new FieldError("commandId", "must be the command of the path (" + commandId + "), was '"
                    + outcome.commandId() + "'"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("command outcome is for another node or command", errors);
        }
        return ApiResponse.ok(commands.answer(nodeId, outcome));
    }
}
