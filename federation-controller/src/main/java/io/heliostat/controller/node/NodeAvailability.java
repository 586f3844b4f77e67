package io.heliostat.controller.node;

/**
 * A node became able to take new work (it reported and is Ready) or stopped (Suspect or Lost): told to every
 * member, whose live plan opens or closes the node at once, not at its next rebase.
 */
public record NodeAvailability(String nodeId, boolean available) {
}
