package io.heliostat.solver.analysis;

import java.util.Objects;

import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

/** Where and when a replica runs: slots {@code [startSlot, endSlot)} on a node. */
public record Placement(String node, String cluster, String zone, int startSlot, int endSlot) {

    public Placement {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(zone, "zone");
    }

    /** The placement of a placed replica. */
    static Placement of(Replica replica) {
        Node node = Objects.requireNonNull(replica.getNode(), "replica is not placed");
        return new Placement(node.id(), node.cluster().id(), node.zone().id(), replica.start(), replica.getEndSlot());
    }

    @Override
    public String toString() {
        return node + " (cluster " + cluster + ", zone " + zone + ", slots " + startSlot + ".." + (endSlot - 1) + ")";
    }
}
