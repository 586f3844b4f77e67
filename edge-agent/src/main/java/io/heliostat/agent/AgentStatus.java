package io.heliostat.agent;

import java.time.Duration;
import java.util.Optional;

/**
 * The running agent at a glance.
 *
 * @param lastSequence        the last sequence number given to a report
 * @param lastAcknowledged    the highest sequence the peer (the controller, or the Hono adapter) has taken
 * @param buffered            reports waiting on disk for the peer (a summary counts as one)
 * @param summarised          reports folded into summaries because the buffer was full
 * @param accepted            reports the peer took as new (a Hono adapter takes every report it accepts as new)
 * @param duplicates          reports it had seen (sent again after an answer was lost)
 * @param outOfOrder          reports it found older than one it had
 * @param rejected            reports it refused for good (400), dropped
 * @param failedAttempts      sends that found the peer unreachable or failing
 * @param problem             why the last send failed, while reports wait; empty once one gets through
 */
public record AgentStatus(String nodeId, long lastSequence, long lastAcknowledged, int buffered, long summarised, long accepted,
                          long duplicates, long outOfOrder, long rejected, long failedAttempts, Optional<String> problem, Duration reportInterval,
                          boolean drained, long lastCommandSequence) {
}
