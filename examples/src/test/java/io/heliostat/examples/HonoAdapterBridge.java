package io.heliostat.examples;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.agent.hono.AdapterBroker;
import io.heliostat.agent.hono.Application;
import io.heliostat.controller.testing.HonoPeer;

/**
 * What Eclipse Hono's AMQP protocol adapter does between its devices and Hono's Kafka topics, for one tenant, in a
 * test: the devices' side is an {@link AdapterBroker}, read and written through an {@link Application} login; Kafka's
 * is a {@link HonoPeer}.
 * <ul>
 *   <li>Telemetry sent to {@code telemetry} goes to {@code hono.telemetry.<tenant>}, keyed by the device, with its
 *   {@code device_id} and {@code content-type} headers.</li>
 *   <li>A command on {@code hono.command.<tenant>} goes to the {@code command} address with its subject, correlation
 *   id and content type, and a reply-to of {@code command_response/<tenant>/<device>}.</li>
 *   <li>What the device sends there goes to {@code hono.command_response.<tenant>} with the correlation id, its
 *   {@code status} and content type.</li>
 * </ul>
 * As in Hono, the device is the login a message came in on ({@code device@tenant}, which the broker stamps on it), never
 * what the message says: a message from a login of another tenant, or an answer sent to another device's reply-to, is
 * dropped, logged and kept in {@link #dropped()}. Artemis has one {@code command} queue for every login, so a broker
 * serves the commands of one device.
 */
final class HonoAdapterBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HonoAdapterBridge.class);

    private final String tenant;
    private final Application adapter;
    private final HonoPeer kafka;
    private final HonoPeer.Devices commands;
    /** Off the AMQP client's event loop, in arrival order: a Kafka send may block while it fetches metadata. */
    private final ExecutorService toKafka = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "hono-bridge-to-kafka"));
    private final Set<String> replyAddresses = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> responses = new ConcurrentHashMap<>();
    private final List<String> dropped = new CopyOnWriteArrayList<>();

    private HonoAdapterBridge(String tenant, Application adapter, HonoPeer kafka) {
        this.tenant = tenant;
        this.adapter = adapter;
        this.kafka = kafka;
        adapter.receive("telemetry", message -> toKafka.execute(() -> telemetry(message)));
        this.commands = kafka.answer(tenant, command -> {
            deliver(command);
            return Optional.empty(); // the device answers later, on its reply-to
        });
    }

    /** Starts bridging {@code tenant}'s devices on {@code adapter}'s broker and Hono's Kafka, {@code kafka}. */
    static HonoAdapterBridge start(String tenant, Application adapter, HonoPeer kafka) {
        return new HonoAdapterBridge(tenant, adapter, kafka);
    }

    private void telemetry(Message message) {
        device(message).ifPresentOrElse(device -> kafka.telemetry(tenant, device, message.getContentType(), Application.text(message)),
                () -> drop("telemetry", message));
    }

    /** On the command consumer's thread: hands a command on to the device, waiting until the broker has it. */
    private void deliver(HonoPeer.Command command) {
        String device = command.deviceId();
        String replyTo = "command_response/" + tenant + "/" + device;
        if (replyAddresses.add(replyTo)) {
            adapter.receive(replyTo, message -> toKafka.execute(() -> respond(device, message)));
        }
        try {
            adapter.sendCommand(command.subject(), command.contentType(), command.body().getBytes(StandardCharsets.UTF_8),
                    command.correlationId(), replyTo);
        } catch (IllegalStateException notAccepted) {
            // Unanswered, as Hono leaves a command it could not deliver: the controller's timeout tells.
            drop("command " + command.correlationId() + " to " + device + " not delivered: " + notAccepted.getCause());
        }
    }

    private void respond(String device, Message message) {
        if (!device(message).equals(Optional.of(device)) || !(message.getCorrelationId() instanceof String correlationId)
                || !(property(message, "status") instanceof Number status)) {
            drop("command response to " + device, message);
            return;
        }
        kafka.commandResponse(tenant, device, correlationId,
                new HonoPeer.Response(status.intValue(), message.getContentType(), Application.text(message)));
        responses.put(correlationId, status.intValue());
    }

    /** The device a message was sent by: its login, when that is a device of this tenant. */
    private Optional<String> device(Message message) {
        Object login = property(message, AdapterBroker.LOGIN_PROPERTY);
        String suffix = "@" + tenant;
        return login instanceof String user && user.endsWith(suffix) && user.length() > suffix.length()
                ? Optional.of(user.substring(0, user.length() - suffix.length())) : Optional.empty();
    }

    private static Object property(Message message, String name) {
        return message.getApplicationProperties() == null ? null : message.getApplicationProperties().getValue().get(name);
    }

    private void drop(String what, Message message) {
        drop(what + " from login " + property(message, AdapterBroker.LOGIN_PROPERTY) + " (correlation id " + message.getCorrelationId()
                + ") dropped: not a device of " + tenant + ", another device's, or without a correlation id and status");
    }

    private void drop(String why) {
        LOG.warn(why);
        dropped.add(why);
    }

    /** Every command read from Kafka and handed to the device, in order. */
    List<HonoPeer.Command> commands() {
        return commands.received();
    }

    /** The status of each command response sent on to Kafka, by correlation id. */
    Map<String, Integer> responses() {
        return Map.copyOf(responses);
    }

    /** Why each message that was not bridged was dropped, or each command not delivered. */
    List<String> dropped() {
        return List.copyOf(dropped);
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        toKafka.shutdown();
        toKafka.awaitTermination(10, TimeUnit.SECONDS);
    }
}
