package io.heliostat.controller.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.rest.ApiProblem;
import io.heliostat.controller.rest.JsonBodies;

/**
 * Commands to the fleet's nodes: issued by operators, taken by the nodes' agents, answered with their outcome. Each
 * node's commands are a log in the shared {@code node-commands} map (see {@link CommandLog}), so any member issues,
 * serves and records them.
 *
 * <p>What a command means to the controller happens here, not only on the node: a drain closes the node to new work
 * on every member at once and places its workloads anew elsewhere (as for a lost node), an undrain opens a Ready node
 * again without moving anything back, and once the agent acknowledged a new report interval the node's missed-beat
 * ageing follows it. Workloads are run and stopped by the agent alone; besides operators, the controller's edge
 * actuation issues runs and stops ({@link #issueFromController}).
 */
public final class NodeCommands {

    /**
     * Commands per poll: 32 of at most {@link NodeCommand#MAX_BYTES} each fit within what an agent reads of one poll
     * (64 × {@code MAX_BYTES}, the agent's {@code CommandPoller.MAX_POLL_BYTES}), whatever they hold.
     */
    public static final int MAX_PER_POLL = 32;

    private static final Logger LOG = LoggerFactory.getLogger(NodeCommands.class);

    private final IMap<String, CommandLog> logs;
    private final NodeRegistry nodes;
    private final PlacementService placements;
    private final ControllerSettings.Commands settings;
    private final Clock clock;
    private final List<BiConsumer<String, NodeCommand>> issueListeners = new CopyOnWriteArrayList<>();

    public NodeCommands(IMap<String, CommandLog> logs, NodeRegistry nodes, PlacementService placements,
                        ControllerSettings.Commands settings, Clock clock) {
        this.logs = logs;
        this.nodes = nodes;
        this.placements = placements;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Issues an operator's command, its id, sequence and issue time assigned here, and acts on it: 404 for a node that
     * has not reported, 400 naming each bad field (and any the controller assigns), 429 while the node has
     * {@code heliostat.nodes.commands.max-pending} commands unanswered.
     */
    public NodeCommand issue(String nodeId, NodeCommand draft) {
        requireKnown(nodeId);
        List<FieldError> errors = new ArrayList<>();
        if (draft.commandId() != null) {
            errors.add(assigned("commandId"));
        }
        if (draft.sequence() != 0) {
            errors.add(assigned("sequence"));
        }
        if (draft.issuedAt() != null) {
            errors.add(assigned("issuedAt"));
        }
        // Sequence 1 stands for the one the node's log gives out.
        NodeCommand stamped = CommandLog.restamped(draft, UUID.randomUUID().toString(), 1, clock.instant());
        errors.addAll(stamped.validate());
        JsonBodies.reject("node command", errors);
        CommandLog log = logs.executeOnKey(nodeId, new IssueCommand(stamped, settings.maxPending(), settings.retained()));
        NodeCommand issued = log.find(stamped.commandId()).map(LoggedCommand::command).orElseThrow(() -> ApiProblem.tooMany(
                "node '" + nodeId + "' has " + log.pending() + " commands its agent has not answered, the most "
                        + "heliostat.nodes.commands.max-pending allows; none is dropped: issue this one once the agent has "
                        + "answered some (GET /api/v1/nodes/" + nodeId + "/commands lists them)"));
        if (issued instanceof NodeCommand.Drain) {
            drain(nodeId, issued.sequence());
        } else if (issued instanceof NodeCommand.Undrain) {
            undrain(nodeId, issued.sequence());
        }
        issueListeners.forEach(listener -> listener.accept(nodeId, issued));
        return issued;
    }

    /** Tells {@code listener} of each command issued on this member, with its node, once it is in the node's log. */
    public void onIssued(BiConsumer<String, NodeCommand> listener) {
        issueListeners.add(listener);
    }

    /**
     * Issues a command the controller decided itself, such as edge actuation's runs and stops, with no request behind
     * it: the command keeps the id the caller chose (so issuing it again, as a new leader that cannot tell whether its
     * predecessor did, adds nothing), the node's log gives its sequence and the issue time is now. Passed to the agent
     * as it is, as an operator's run or stop is. Empty while the node has {@code heliostat.nodes.commands.max-pending}
     * commands unanswered, as for the operator's 429: nothing is dropped, the caller issues it later.
     *
     * @throws IllegalArgumentException for a command that does not validate: the caller's mistake, not the node's
     */
    public Optional<NodeCommand> issueFromController(String nodeId, NodeCommand command) {
        NodeCommand stamped = CommandLog.restamped(command, command.commandId(), 1, clock.instant());
        List<FieldError> errors = stamped.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("command " + command.commandId() + " for node " + nodeId + " is invalid: " + errors);
        }
        CommandLog log = logs.executeOnKey(nodeId, new IssueCommand(stamped, settings.maxPending(), settings.retained()));
        Optional<LoggedCommand> issued = log.find(stamped.commandId());
        // Told again while unanswered (a Hono delivery sends it again, and its answer is taken once).
        issued.filter(logged -> !logged.answered()).ifPresent(logged -> issueListeners.forEach(listener -> listener.accept(nodeId,
                logged.command())));
        return issued.map(LoggedCommand::command);
    }

    /** The logs of these nodes, by node id; a node with no command has none. */
    public Map<String, CommandLog> logs(Set<String> nodeIds) {
        return nodeIds.isEmpty() ? Map.of() : logs.getAll(nodeIds);
    }

    private void drain(String nodeId, long sequence) {
        Optional<NodeState> state = nodes.markDraining(nodeId, true, sequence);
        // A newer undrain, applied first, holds.
        if (state.map(node -> node.orders().draining()).orElse(false)) {
            List<String> moved = placements.drain(nodeId);
            LOG.info("node {} is draining: closed to new work, {} workload(s) placed anew", nodeId, moved.size());
        }
    }

    private void undrain(String nodeId, long sequence) {
        Optional<NodeState> state = nodes.markDraining(nodeId, false, sequence);
        if (state.filter(NodeState::open).isPresent()) {
            placements.nodeReady(nodeId);
            LOG.info("node {} is undrained: open to new work again", nodeId);
        }
    }

    /**
     * What the node's agent, which took every command up to {@code after}, is to take next: the unanswered commands
     * with a higher sequence, oldest first, at most {@link #MAX_PER_POLL}. An answered command is never sent again,
     * even to an agent that lost its place.
     */
    public List<NodeCommand> due(String nodeId, long after) {
        requireKnown(nodeId);
        CommandLog due = logs.executeOnKey(nodeId, new TakeCommands(after, MAX_PER_POLL));
        return due == null ? List.of() : due.commands().stream().map(LoggedCommand::command).toList();
    }

    /**
     * Records the agent's answer, once: the same answer again is taken as it was (an agent retrying after a lost
     * acknowledgement), a different one is a conflict (409). 404 for a command the node's log does not hold, 400 for
     * an answer that names another sequence than the command's. The outcome must name this node and command.
     */
    public LoggedCommand answer(String nodeId, CommandOutcome outcome) {
        Instant answeredAt = clock.instant();
        CommandLog log = logs.executeOnKey(nodeId, new RecordOutcome(outcome, answeredAt));
        LoggedCommand logged = Optional.ofNullable(log).flatMap(found -> found.find(outcome.commandId()))
                .orElseThrow(() -> unknown(nodeId, outcome.commandId()));
        if (logged.command().sequence() != outcome.sequence()) {
            throw ApiProblem.invalid("command outcome names another sequence than its command's", List.of(new FieldError("sequence",
                    "must be the sequence of command " + outcome.commandId() + " (" + logged.command().sequence() + "), was "
                            + outcome.sequence())));
        }
        if (!outcome.equals(logged.outcome())) {
            throw ApiProblem.conflict("command " + outcome.commandId() + " of node '" + nodeId + "' was answered already ("
                    + logged.status() + " at " + logged.answeredAt() + "); a different outcome is refused");
        }
        // Acted on when first recorded, not on a retry: of two such commands, the later one's interval holds.
        if (answeredAt.equals(logged.answeredAt()) && logged.command() instanceof NodeCommand.SetReportInterval interval
                && CommandOutcome.SUCCEEDED.equals(outcome.status())) {
            nodes.expectReportsEvery(nodeId, interval.interval());
            LOG.info("node {} reports every {} now: its missed-beat ageing follows", nodeId, interval.interval());
        }
        return logged;
    }

    /**
     * Cancels a command the node's agent has not answered, such as one an agent took and whose answer it then lost: it
     * is no longer handed out nor counted as pending, and a late answer is refused (409). What the command did when
     * issued stays done: a cancelled drain leaves the node draining until an undrain. 404 for an unknown command, 409
     * for one answered (or cancelled) already.
     */
    public LoggedCommand cancel(String nodeId, String commandId) {
        LoggedCommand logged = command(nodeId, commandId);
        Instant now = clock.instant();
        CommandOutcome cancelled = new CommandOutcome(commandId, logged.command().sequence(), nodeId, LoggedCommand.CANCELLED,
                "cancelled by an operator before the node's agent answered", null, now, List.of());
        CommandLog log = logs.executeOnKey(nodeId, new RecordOutcome(cancelled, now));
        LoggedCommand after = Optional.ofNullable(log).flatMap(found -> found.find(commandId)).orElseThrow(() -> unknown(nodeId, commandId));
        if (!cancelled.equals(after.outcome())) {
            throw ApiProblem.conflict("command " + commandId + " of node '" + nodeId + "' was answered already (" + after.status()
                    + " at " + after.answeredAt() + "); only a pending command can be cancelled");
        }
        LOG.info("command {} of node {} cancelled while pending", commandId, nodeId);
        return after;
    }

    /** The node's commands kept, in sequence order: every pending one and the newest answered ones. */
    public List<LoggedCommand> history(String nodeId) {
        CommandLog log = logs.get(nodeId);
        if (log == null) {
            requireKnown(nodeId);
            return List.of();
        }
        return log.commands();
    }

    public LoggedCommand command(String nodeId, String commandId) {
        return Optional.ofNullable(logs.get(nodeId)).flatMap(log -> log.find(commandId))
                .orElseThrow(() -> unknown(nodeId, commandId));
    }

    private void requireKnown(String nodeId) {
        if (!nodes.knows(nodeId)) {
            throw ApiProblem.notFound("no node '" + nodeId + "' has reported; commands go to nodes the controller knows");
        }
    }

    private static FieldError assigned(String field) {
        return new FieldError(field, "is assigned by the controller; leave it out");
    }

    private static ApiProblem unknown(String nodeId, String commandId) {
        return ApiProblem.notFound("node '" + nodeId + "' has no command '" + commandId + "' (answered commands beyond "
                + "heliostat.nodes.commands.retained are dropped)");
    }
}
