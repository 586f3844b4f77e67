package io.heliostat.controller.fleet;

import java.util.List;
import java.util.Locale;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.Node;

/**
 * A member cluster or edge site of the fleet as the shared {@code clusters} map keeps it: where it is, which grid
 * zone powers it, which jurisdictions it counts as, and its nodes.
 *
 * @param kind      {@code cloud} (a cloud region) or {@code edge} (an edge site)
 * @param nodes     the ids of its nodes in the fleet file; empty for a member cluster, whose nodes are those that report
 *                  with it as their cluster
 * @param member    a member cluster of the hub (a MemberCluster resource) rather than a cluster of the fleet file
 */
public record ClusterSite(String id, String kind, String provider, String region, String zone, String latencyDomain,
                          List<String> residency, double latitude, double longitude, List<String> nodes, boolean member) {

    public ClusterSite {
        residency = residency == null ? List.of() : List.copyOf(residency);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    public static ClusterSite of(Cluster cluster, List<Node> fleetNodes) {
        return new ClusterSite(cluster.id(), cluster.kind().name().toLowerCase(Locale.ROOT), cluster.provider(), cluster.region(),
                cluster.zone().id(), cluster.latencyDomain(), cluster.residency().stream().sorted().toList(),
                cluster.location().latitude(), cluster.location().longitude(),
                fleetNodes.stream().filter(node -> node.cluster().id().equals(cluster.id())).map(Node::id).toList(), false);
    }
}
