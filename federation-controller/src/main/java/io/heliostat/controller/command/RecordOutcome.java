package io.heliostat.controller.command;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

import io.heliostat.api.node.CommandOutcome;

/**
 * Records an agent's answer to a pending command of its log, on the member that owns the log, so that of two
 * different answers arriving at once only the first holds. Nothing changes for a command the log does not hold,
 * one already answered, or an answer that names another sequence than the command's. Returns the log (null when
 * the node has none); the caller reads what became of the answer from it.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record RecordOutcome(CommandOutcome outcome, Instant answeredAt) implements EntryProcessor<String, CommandLog, CommandLog> {

    @Override
    public CommandLog process(Map.Entry<String, CommandLog> entry) {
        CommandLog log = entry.getValue();
        if (log == null) {
            return null;
        }
        boolean takes = log.find(outcome.commandId())
                .filter(logged -> !logged.answered() && logged.command().sequence() == outcome.sequence()).isPresent();
        if (!takes) {
            return log;
        }
        CommandLog answered = log.answered(outcome, answeredAt);
        entry.setValue(answered);
        return answered;
    }
}
