package io.heliostat.controller.rest;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.hazelcast.map.IMap;

import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.carbon.ZoneCarbonBook;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.controller.placement.PlacementService;

/** {@code /api/v1/fleet}: every member cluster and edge site, its nodes by status, what they offer and what runs there. */
public final class FleetResource {

    /**
     * One cluster or site as {@code GET /fleet} shows it.
     *
     * @param nodes         its fleet nodes by status: READY, SUSPECT, LOST, or UNREPORTED (never reported)
     * @param readyCapacity what its Ready nodes offer, summed
     * @param gramsPerKwh   its zone's current intensity; null before the zone's first signal
     * @param replicas      replicas placed there
     */
    public record ClusterView(ClusterSite site, Map<String, Integer> nodes, ResourceAmounts readyCapacity, Double gramsPerKwh,
                              int replicas) {
    }

    private static final String UNREPORTED = "UNREPORTED";

    private final IMap<String, ClusterSite> clusters;
    private final NodeRegistry nodes;
    private final ZoneCarbonBook zones;
    private final PlacementService placements;

    public FleetResource(IMap<String, ClusterSite> clusters, NodeRegistry nodes, ZoneCarbonBook zones, PlacementService placements) {
        this.clusters = clusters;
        this.nodes = nodes;
        this.zones = zones;
        this.placements = placements;
    }

    public ApiResponse list() {
        return ApiResponse.ok(views(clusters.values().stream().sorted(Comparator.comparing(ClusterSite::id)).toList()));
    }

    public ApiResponse get(String clusterId) {
        ClusterSite site = clusters.get(clusterId);
        if (site == null) {
            throw ApiProblem.notFound("no cluster or site '" + clusterId + "' in the fleet");
        }
        return ApiResponse.ok(views(List.of(site)).getFirst());
    }

    private List<ClusterView> views(List<ClusterSite> sites) {
        Map<String, NodeState> states = new HashMap<>();
        nodes.nodes().forEach(state -> states.put(state.nodeId(), state));
        Map<String, Integer> replicas = new HashMap<>();
        placements.placements().forEach(placed -> placed.decision().replicas().stream().filter(replica -> replica.cluster() != null)
                .forEach(replica -> replicas.merge(replica.cluster(), 1, Integer::sum)));
        return sites.stream().map(site -> {
            Map<String, Integer> byStatus = new TreeMap<>();
            long cpu = 0;
            long memory = 0;
            int gpus = 0;
            int dpus = 0;
            long storage = 0;
            for (String nodeId : site.nodes()) {
                NodeState state = states.get(nodeId);
                byStatus.merge(state == null ? UNREPORTED : state.status().name(), 1, Integer::sum);
                if (state != null && state.status() == NodeStatus.READY) {
                    ResourceAmounts capacity = state.report().capacity();
                    cpu += capacity.cpuMillis();
                    memory += capacity.memoryMiB();
                    gpus += capacity.gpus();
                    dpus += capacity.dpus();
                    storage += capacity.ephemeralStorageMiB();
                }
            }
            return new ClusterView(site, byStatus, new ResourceAmounts(cpu, memory, gpus, dpus, storage),
                    zones.zone(site.zone()).map(ZoneCarbon::gramsPerKwh).orElse(null), replicas.getOrDefault(site.id(), 0));
        }).toList();
    }
}
