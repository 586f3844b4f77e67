package io.heliostat.solver.domain;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A fleet's immutable facts: its zones, the clusters in them and the clusters' nodes (indexed as in a {@link FleetPlan}). */
public record FleetFacts(List<Zone> zones, List<Cluster> clusters, List<Node> nodes) {

    public FleetFacts {
        zones = List.copyOf(zones);
        clusters = List.copyOf(clusters);
        nodes = List.copyOf(nodes);
    }

    public static FleetFacts of(FleetPlan plan) {
        return new FleetFacts(plan.getZones(), plan.getClusters(), plan.getNodes());
    }

    /**
     * The facts with the zones named given new intensities (g/kWh per slot): zones are immutable, so their
     * clusters and nodes are new objects too, at the same indexes; the rest are shared.
     *
     * @throws IllegalArgumentException for a zone these facts do not have
     */
    public FleetFacts withIntensities(Map<String, double[]> gramsPerKwhByZone) {
        Map<String, Zone> byId = new HashMap<>();
        zones.forEach(zone -> byId.put(zone.id(), zone));
        Map<Zone, Zone> newZone = new IdentityHashMap<>();
        gramsPerKwhByZone.forEach((zoneId, gramsPerKwh) -> {
            Zone zone = byId.get(zoneId);
            if (zone == null) {
                throw new IllegalArgumentException("no zone '" + zoneId + "' in the fleet");
            }
            newZone.put(zone, new Zone(zone.id(), zone.signalKind(), gramsPerKwh, zone.slotHours()));
        });
        List<Cluster> newClusters = clusters.stream()
                .map(c -> !newZone.containsKey(c.zone()) ? c : new Cluster(c.id(), c.kind(), c.provider(), c.region(),
                        c.latencyDomain(), newZone.get(c.zone()), c.residency(), c.location(), c.index()))
                .toList();
        List<Node> newNodes = nodes.stream()
                .map(n -> newClusters.get(n.cluster().index()) == n.cluster() ? n : new Node(n.id(), newClusters.get(n.cluster().index()),
                        n.capacity(), n.power(), n.powerBudgetWatts(), n.labels(), n.taints(), n.runtimes(), n.index()))
                .toList();
        return new FleetFacts(zones.stream().map(zone -> newZone.getOrDefault(zone, zone)).toList(), newClusters, newNodes);
    }
}
