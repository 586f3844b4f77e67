package io.heliostat.controller.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * One node's commands, in sequence order: the entry of the {@code node-commands} map, changed only by entry
 * processors on the member that owns it, so that each command gets the next sequence whichever member took it.
 *
 * @param lastSequence the sequence of the last command issued (kept when older commands are dropped)
 */
public record CommandLog(String nodeId, long lastSequence, List<LoggedCommand> commands) {

    public CommandLog {
        commands = List.copyOf(commands);
    }

    static CommandLog empty(String nodeId) {
        return new CommandLog(nodeId, 0, List.of());
    }

    /** Commands the agent has not answered yet. */
    int pending() {
        return (int) commands.stream().filter(command -> !command.answered()).count();
    }

    public Optional<LoggedCommand> find(String commandId) {
        return commands.stream().filter(logged -> logged.command().commandId().equals(commandId)).findFirst();
    }

    /** The command appended with the next sequence; of the answered ones, the {@code retained} newest are kept. */
    CommandLog issued(NodeCommand command, int retained) {
        long sequence = lastSequence + 1;
        int answered = commands.size() - pending();
        List<LoggedCommand> kept = new ArrayList<>(commands.size() + 1);
        for (LoggedCommand logged : commands) {
            if (logged.answered() && answered > retained) {
                answered--;
                continue;
            }
            kept.add(logged);
        }
        kept.add(LoggedCommand.issued(restamped(command, command.commandId(), sequence, command.issuedAt())));
        return new CommandLog(nodeId, sequence, kept);
    }

    CommandLog answered(CommandOutcome outcome, Instant at) {
        return new CommandLog(nodeId, lastSequence, commands.stream()
                .map(logged -> logged.command().commandId().equals(outcome.commandId()) ? logged.answer(outcome, at) : logged)
                .toList());
    }

    /** The commands an agent that took every command up to {@code after} has still to take, oldest first, at most {@code limit}. */
    CommandLog due(long after, int limit) {
        return new CommandLog(nodeId, lastSequence, commands.stream()
                .filter(logged -> !logged.answered() && logged.command().sequence() > after).limit(limit).toList());
    }

    /**
     * The log numbered on past {@code after}, a sequence the agent took that this log never issued: the controllers
     * lost their state (every member restarted) while the agent kept its place. None of this log's commands can
     * have been taken then (the agent takes only sequences above its last), so the pending ones are numbered anew
     * after it, in their order, and the agent takes them; answered ones keep their numbers.
     */
    CommandLog numberedAfter(long after) {
        long sequence = after;
        List<LoggedCommand> renumbered = new ArrayList<>(commands.size());
        for (LoggedCommand logged : commands) {
            NodeCommand command = logged.command();
            renumbered.add(logged.answered() ? logged
                    : LoggedCommand.issued(restamped(command, command.commandId(), ++sequence, command.issuedAt())));
        }
        renumbered.sort(Comparator.comparingLong(logged -> logged.command().sequence()));
        return new CommandLog(nodeId, sequence, renumbered);
    }

    /** The same command with another id, sequence and issue time: what the controller, not the operator, assigns. */
    static NodeCommand restamped(NodeCommand command, String commandId, long sequence, Instant issuedAt) {
        return switch (command) {
            case NodeCommand.Drain drain -> new NodeCommand.Drain(commandId, sequence, issuedAt);
            case NodeCommand.Undrain undrain -> new NodeCommand.Undrain(commandId, sequence, issuedAt);
            case NodeCommand.SetReportInterval set -> new NodeCommand.SetReportInterval(commandId, sequence, issuedAt, set.interval());
            case NodeCommand.RunWorkload run -> new NodeCommand.RunWorkload(commandId, sequence, issuedAt, run.workloadId(),
                    run.image(), run.runtime(), run.cpuMillis(), run.memoryMiB());
            case NodeCommand.StopWorkload stop -> new NodeCommand.StopWorkload(commandId, sequence, issuedAt, stop.workloadId());
        };
    }
}
