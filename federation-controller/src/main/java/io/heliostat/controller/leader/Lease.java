package io.heliostat.controller.leader;

/**
 * Who runs a piece of singleton work, and the fencing epoch of their tenure: every claim by a new member raises
 * the epoch by one, so a write stamped with an older epoch comes from a leader that has since been replaced.
 */
public record Lease(String work, String memberUuid, String memberAddress, long epoch, long sinceMillis) {
}
