package io.heliostat.agent;

import java.time.Duration;

/**
 * The running agent at a glance.
 *
 * @param lastSequence        the last sequence number given to a report
 * @param lastAcknowledged    the highest sequence the controller has acknowledged
 * @param buffered            reports waiting on disk for the controller (a summary counts as one)
 * @param summarised          reports folded into summaries because the buffer was full
 * @param accepted            reports the controller took as new
 * @param duplicates          reports it had seen (sent again after an answer was lost)
 * @param outOfOrder          reports it found older than one it had
 * @param rejected            reports it refused for good (400), dropped
 * @param failedAttempts      sends that found the controller unreachable or failing
 */
public record AgentStatus(String nodeId, long lastSequence, long lastAcknowledged, int buffered, long summarised, long accepted,
                          long duplicates, long outOfOrder, long rejected, long failedAttempts, Duration reportInterval,
                          boolean drained, long lastCommandSequence) {
}
