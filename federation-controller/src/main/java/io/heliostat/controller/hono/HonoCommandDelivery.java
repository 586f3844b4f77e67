package io.heliostat.controller.hono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.node.NodeCommand;
import io.heliostat.controller.command.LoggedCommand;
import io.heliostat.controller.command.NodeCommands;
import io.heliostat.controller.rest.ApiProblem;

/**
 * Carries the command log to agents that report through Eclipse Hono, which cannot poll the controller: each command
 * goes to its node through {@link HonoCommandSender} as it is issued, and the device's answer is recorded in the log
 * as an HTTP agent's would be. A command the device did not answer (not connected, timed out) stays pending and goes
 * again with the node's telemetry, which shows it is connected, once {@code retryAfter} has passed since it was
 * issued or last sent from this member (a node's log is read at most once per {@code retryAfter}, so it may wait up to
 * twice that): a command sent twice is answered twice with the one outcome the agent
 * remembers, which the log takes once.
 *
 * <p>Which tenant a node is a device of is kept in the shared {@code hono-devices} map by the member that reads its
 * telemetry, so that whichever member a command is issued on knows where to send it.
 */
public final class HonoCommandDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HonoCommandDelivery.class);

    private final HonoCommandSender sender;
    private final NodeCommands commands;
    private final IMap<String, String> devices;
    private final Duration retryAfter;
    private final Clock clock;
    /** The tenant of each node whose telemetry this member read, as last written to {@link #devices}. */
    private final Map<String, String> tenantsSeen = new ConcurrentHashMap<>();
    /** When this member last sent each command still unanswered. */
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    /** When this member last looked up each node's unanswered commands: at most once per {@code retryAfter}. */
    private final Map<String, Instant> lookedUp = new ConcurrentHashMap<>();

    public HonoCommandDelivery(HonoCommandSender sender, NodeCommands commands, IMap<String, String> devices, Duration retryAfter,
                               Clock clock) {
        this.sender = sender;
        this.commands = commands;
        this.devices = devices;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    /** A command was issued to {@code nodeId}: sent at once when the node is a Hono device. */
    public void issued(String nodeId, NodeCommand command) {
        Optional.ofNullable(devices.get(nodeId)).ifPresent(tenant -> send(tenant, nodeId, command));
    }

    /** {@code nodeId} reported through {@code tenant}: it is connected, so what it has not answered goes again. */
    public void reported(String tenant, String nodeId) {
        if (!tenant.equals(tenantsSeen.put(nodeId, tenant))) {
            devices.set(nodeId, tenant);
        }
        Instant now = clock.instant();
        Instant due = now.minus(retryAfter);
        // Nothing can be due again sooner: reading the node's log with every report would double the cost of ingestion.
        Instant last = lookedUp.get(nodeId);
        if (last != null && last.isAfter(due)) {
            return;
        }
        lookedUp.put(nodeId, now);
        for (LoggedCommand logged : commands.history(nodeId)) {
            NodeCommand command = logged.command();
            if (logged.answered()) {
                sent.remove(command.commandId()); // answered another way, such as polled over HTTP
            } else if (sent.getOrDefault(command.commandId(), command.issuedAt()).isBefore(due)) {
                send(tenant, nodeId, command);
            }
        }
    }

    private void send(String tenant, String nodeId, NodeCommand command) {
        sent.put(command.commandId(), clock.instant());
        try {
            // Off the Hono client's event loop: recording the answer waits on the cluster state.
            sender.send(tenant, nodeId, command).whenCompleteAsync((outcome, failure) -> {
                if (failure != null) {
                    LOG.info("command {} to node {} (tenant {}) not answered, sent again with its next telemetry: {}",
                            command.commandId(), nodeId, tenant, failure.getMessage());
                    return;
                }
                sent.remove(command.commandId());
                try {
                    commands.answer(nodeId, outcome);
                } catch (ApiProblem refused) {
                    LOG.warn("node {} answered command {} through Hono, and the command log refused it: {}", nodeId,
                            command.commandId(), refused.getMessage());
                }
            });
        } catch (IllegalArgumentException e) {
            // A tenant this member does not serve (its devices moved): the node's next telemetry tells.
            sent.remove(command.commandId());
            LOG.warn("command {} to node {} not sent through Hono: {}", command.commandId(), nodeId, e.getMessage());
        }
    }
}
