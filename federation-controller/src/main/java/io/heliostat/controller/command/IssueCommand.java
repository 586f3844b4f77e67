package io.heliostat.controller.command;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

import io.heliostat.api.node.NodeCommand;

/**
 * Appends a command to its node's log with the next sequence, on the member that owns the log: two members issuing
 * at once give out two numbers. Refused (the log is returned unchanged, without the command) while the node has
 * {@code maxPending} commands unanswered. A command whose id the log holds already is not appended again: the
 * controller's own commands are issued under ids chosen beforehand, and a new leader issues again what its
 * predecessor may or may not have issued. Returns the log.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record IssueCommand(NodeCommand command, int maxPending, int retained) implements EntryProcessor<String, CommandLog, CommandLog> {

    @Override
    public CommandLog process(Map.Entry<String, CommandLog> entry) {
        CommandLog log = entry.getValue() == null ? CommandLog.empty(entry.getKey()) : entry.getValue();
        if (log.find(command.commandId()).isPresent() || log.pending() >= maxPending) {
            return log;
        }
        CommandLog issued = log.issued(command, retained);
        entry.setValue(issued);
        return issued;
    }
}
