package io.heliostat.controller.command;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * What an agent that took every command up to {@code after} is to take next, read where the log lives so that
 * only those few commands travel. When {@code after} is past anything the log issued, the controllers lost their
 * state while the agent kept its place: the log is numbered on past it first (see {@link CommandLog#numberedAfter}),
 * so that no command is skipped. Returns a log holding only the commands due, or null when the node has none.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record TakeCommands(long after, int limit) implements EntryProcessor<String, CommandLog, CommandLog> {

    @Override
    public CommandLog process(Map.Entry<String, CommandLog> entry) {
        CommandLog log = entry.getValue();
        if (after > (log == null ? 0 : log.lastSequence())) {
            log = (log == null ? CommandLog.empty(entry.getKey()) : log).numberedAfter(after);
            entry.setValue(log);
        }
        return log == null ? null : log.due(after, limit);
    }
}
