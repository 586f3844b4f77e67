package io.heliostat.api.node;

import java.time.Instant;
import java.util.List;

import io.heliostat.api.FieldError;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * What became of a {@link NodeCommand}: the agent's answer, {@code POST /api/v1/nodes/{id}/commands/{commandId}/outcome}.
 *
 * @param status   {@value #SUCCEEDED}; {@value #FAILED} when it ran and did not work (the runtime command exited
 *                 non-zero or timed out); {@value #REJECTED} when it never ran (malformed, too long, or not possible
 *                 on this node)
 * @param message  what happened, for a person: the runtime command's last output, or why it was rejected
 * @param exitCode the runtime command's exit code; null when no command ran
 * @param errors   for a rejected command, each bad field and what is allowed there
 */
public record CommandOutcome(String commandId, long sequence, String nodeId, String status, String message, Integer exitCode,
                             Instant finishedAt, List<FieldError> errors) implements Validated {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String REJECTED = "rejected";
    public static final List<String> STATUSES = List.of(SUCCEEDED, FAILED, REJECTED);

    /** The longest message an outcome carries; the agent keeps the end of longer output. */
    public static final int MAX_MESSAGE = 4096;

    public CommandOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    @Override
    public void validate(Validator validator) {
        validator.id("commandId", commandId);
        validator.atLeast("sequence", sequence, 0);
        validator.id("nodeId", nodeId);
        if (validator.required("status", status)) {
            validator.oneOf("status", status, STATUSES);
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            validator.reject("message", "must be at most " + MAX_MESSAGE + " characters, was " + message.length());
        }
        validator.required("finishedAt", finishedAt);
    }
}
