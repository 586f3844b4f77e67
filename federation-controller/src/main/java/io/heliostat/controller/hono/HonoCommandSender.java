package io.heliostat.controller.hono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import org.eclipse.hono.application.client.CommandSender;
import org.eclipse.hono.application.client.DownstreamMessage;
import org.eclipse.hono.application.client.kafka.KafkaMessageContext;
import org.eclipse.hono.client.SendMessageTimeoutException;
import org.eclipse.hono.client.ServiceInvocationException;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * Sends a {@link NodeCommand} to a device through Hono's command &amp; control over Kafka and takes the device's
 * response as the command's {@link CommandOutcome}.
 *
 * <p>The command goes to {@code hono.command.<tenant>} keyed by the device id, with the headers Hono's command router
 * reads: {@code device_id}, {@code subject} (the command's kind, such as {@code drain}), {@code correlation-id},
 * {@code response-required} and {@code content-type} {@value #CONTENT_TYPE}; the body is the command's JSON form, as
 * the agent's HTTP poll returns it. The device answers on {@code hono.command_response.<tenant>} with the same
 * correlation id, a {@code status} and its {@code CommandOutcome} (the edge agent answers 200 succeeded, 400 rejected,
 * 500 failed). An error status whose body is a valid outcome of the command is that outcome; one without is Hono's
 * refusal (503: the device is not connected).
 *
 * <p>The stage fails with a {@link HonoCommandException} when there is no outcome: no response within
 * {@code heliostat.hono.command-timeout}, Hono could not deliver the command, or the response is not this command's
 * outcome. Commands sent while the controller starts wait until the tenant's topics exist ({@link HonoNorthbound}).
 */
public final class HonoCommandSender {

    public static final String CONTENT_TYPE = "application/json";

    private final CommandSender<KafkaMessageContext> client;
    private final Executor onClientContext;
    private final ObjectMapper json;
    private final Map<String, ? extends CompletionStage<Void>> tenants;
    private final Duration timeout;

    /**
     * @param onClientContext runs the client's calls on its Vert.x context, so that the first command of a tenant
     *                        subscribes to its responses once
     * @param tenants         the tenants this controller serves ({@code heliostat.hono.tenants}), each completed when
     *                        its command response topic exists: a response consumer that joins before its topic exists
     *                        would miss the first responses
     */
    HonoCommandSender(CommandSender<KafkaMessageContext> client, Executor onClientContext, ObjectMapper json,
                      Map<String, ? extends CompletionStage<Void>> tenants, Duration timeout) {
        this.client = client;
        this.onClientContext = onClientContext;
        this.json = json;
        this.tenants = Map.copyOf(tenants);
        this.timeout = timeout;
    }

    /**
     * Sends {@code command} to device {@code deviceId} of {@code tenant}; completes with the device's outcome.
     *
     * @throws IllegalArgumentException at once, for a tenant this controller does not serve, a blank device id, or a
     *                                  command that is not valid or longer than {@link NodeCommand#MAX_BYTES}
     */
    public CompletionStage<CommandOutcome> send(String tenant, String deviceId, NodeCommand command) {
        if (!tenants.containsKey(tenant)) {
            throw new IllegalArgumentException("tenant '" + tenant + "' is not one of heliostat.hono.tenants "
                    + new TreeSet<>(tenants.keySet()));
        }
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        List<FieldError> errors = command.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("command " + command.commandId() + " is not valid: " + describe(errors));
        }
        byte[] payload = payload(command);
        CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
        tenants.get(tenant).thenRunAsync(() -> sendNow(tenant, deviceId, command, payload, outcome), onClientContext)
                .exceptionally(notSent -> {
                    outcome.completeExceptionally(failure(notSent, tenant, deviceId, command));
                    return null;
                });
        return outcome;
    }

    /** On the client's context: sends, and completes {@code outcome} with the response or the reason there is none. */
    private void sendNow(String tenant, String deviceId, NodeCommand command, byte[] payload, CompletableFuture<CommandOutcome> outcome) {
        String kind = json.valueToTree(command).path("kind").asText();
        client.sendCommand(tenant, deviceId, kind, Buffer.buffer(payload), CONTENT_TYPE, (String) null, timeout, null)
                .onSuccess(response -> {
                    try {
                        outcome.complete(outcomeOf(response, command, deviceId));
                    } catch (HonoCommandException e) {
                        outcome.completeExceptionally(e);
                    }
                })
                .onFailure(error -> refusal(error, deviceId, command).ifPresentOrElse(outcome::complete,
                        () -> outcome.completeExceptionally(failure(error, tenant, deviceId, command))));
    }

    private byte[] payload(NodeCommand command) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command " + command.commandId() + " could not be written as JSON", e);
        }
        if (payload.length > NodeCommand.MAX_BYTES) {
            throw new IllegalArgumentException("command " + command.commandId() + " is " + payload.length
                    + " bytes of JSON, more than the " + NodeCommand.MAX_BYTES + " an agent reads");
        }
        return payload;
    }

    private CommandOutcome outcomeOf(DownstreamMessage<KafkaMessageContext> response, NodeCommand command, String deviceId) {
        String contentType = response.getContentType();
        try {
            if (contentType == null || !HonoTelemetry.isJson(contentType)) {
                throw new NotAnOutcome("content-type must be application/json, was '" + contentType + "'");
            }
            return read(response.getPayload() == null ? new byte[0] : response.getPayload().getBytes(), command, deviceId);
        } catch (NotAnOutcome e) {
            throw new HonoCommandException(HonoCommandException.Reason.BAD_RESPONSE, response.getStatus(),
                    "device " + deviceId + " answered command " + command.commandId() + " with no valid outcome: " + e.getMessage(), null);
        }
    }

    /** An error status whose body is still this command's outcome: the device refused the command and said why. */
    private Optional<CommandOutcome> refusal(Throwable error, String deviceId, NodeCommand command) {
        if (error instanceof ServiceInvocationException refused && !(error instanceof SendMessageTimeoutException)
                && refused.getMessage() != null && refused.getMessage().startsWith("{")) {
            try {
                return Optional.of(read(refused.getMessage().getBytes(StandardCharsets.UTF_8), command, deviceId));
            } catch (NotAnOutcome e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private HonoCommandException failure(Throwable error, String tenant, String deviceId, NodeCommand command) {
        String what = "command " + command.commandId() + " to device " + deviceId + " of tenant " + tenant;
        if (error instanceof SendMessageTimeoutException) {
            return new HonoCommandException(HonoCommandException.Reason.TIMED_OUT, null,
                    what + " had no response within " + timeout + " (heliostat.hono.command-timeout)", error);
        }
        if (error instanceof ServiceInvocationException refused) {
            return new HonoCommandException(HonoCommandException.Reason.UNDELIVERED, refused.getErrorCode(),
                    what + " was not delivered: status " + refused.getErrorCode() + ", " + refused.getMessage(), error);
        }
        return new HonoCommandException(HonoCommandException.Reason.UNDELIVERED, null, what + " was not delivered: " + error, error);
    }

    /** The body as this command's outcome. */
    private CommandOutcome read(byte[] body, NodeCommand command, String deviceId) throws NotAnOutcome {
        CommandOutcome outcome;
        try {
            outcome = json.readValue(body, CommandOutcome.class);
        } catch (IOException e) {
            throw new NotAnOutcome("the body is not a CommandOutcome: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (outcome == null) {
            throw new NotAnOutcome("the body is empty");
        }
        List<FieldError> errors = outcome.validate();
        if (!errors.isEmpty()) {
            throw new NotAnOutcome("the outcome has invalid fields: " + describe(errors));
        }
        if (!outcome.commandId().equals(command.commandId())) {
            throw new NotAnOutcome("the outcome is of command '" + outcome.commandId() + "'");
        }
        if (!outcome.nodeId().equals(deviceId)) {
            throw new NotAnOutcome("the outcome is of node '" + outcome.nodeId() + "'");
        }
        return outcome;
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; "));
    }

    /** Why a response body is not the command's outcome. */
    private static final class NotAnOutcome extends Exception {

        NotAnOutcome(String message) {
            super(message, null, false, false);
        }
    }
}
