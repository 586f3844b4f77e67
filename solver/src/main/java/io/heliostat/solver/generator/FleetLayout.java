package io.heliostat.solver.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Location;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.power.SpecPowerResult;

/**
 * The physical side of a generated fleet: zones over the horizon, clusters (cloud availability zones and
 * edge sites), their nodes, and where users sit with their RTT to every cluster.
 *
 * @param kinds each node's kind, by node index
 * @param areas each cluster's grid area, by cluster index
 * @param users user locations on the continents the fleet reaches
 */
record FleetLayout(Horizon horizon, List<Zone> zones, List<Cluster> clusters, List<Node> nodes, List<NodeKind> kinds,
                   List<Geography.GridArea> areas, List<Users> users) {

    /** A user location and the city it stands for. */
    record Users(Geography.UserCity city, UserLocation location) {
    }

    // Half the clusters are cloud availability zones, half edge sites, as in an edge-cloud federation.
    static final double CLOUD_CLUSTER_SHARE = 0.5;
    // Cloud clusters hold 60 % of the nodes: fewer, much bigger nodes than the edge, where gateways are many.
    static final double CLOUD_NODE_SHARE = 0.6;
    // Of a cloud cluster's nodes, 8 % carry GPUs and 10 % DPUs: accelerators are a minority in real pools.
    static final double GPU_NODE_SHARE = 0.08;
    static final double DPU_NODE_SHARE = 0.10;
    // A cloud cluster runs two general node pools, each of one server model (RuntimeClass handlers come per pool).
    static final int GENERAL_POOLS = 2;
    // A quarter of an edge site's nodes are servers; the rest are gateways.
    static final double EDGE_SERVER_SHARE = 0.25;

    // Scratch space: a 960 GB NVMe drive in cloud servers, 480 GB at the edge, a 32 GB eMMC/SD card on gateways.
    static final long CLOUD_SCRATCH_MIB = 960L * 1024;
    static final long EDGE_SCRATCH_MIB = 480L * 1024;
    static final long GATEWAY_SCRATCH_MIB = 32L * 1024;
    // A Pi-class gateway: 4 cores, a 4 or 8 GiB board.
    static final int GATEWAY_CORES = 4;
    static final List<Integer> GATEWAY_MEMORY_GIB = List.of(4, 8);
    // Gateways on PoE or a solar battery may not draw their full-load power: budgets between 60 and 90 % of the
    // dynamic range above idle make the budget, not the cores, the limit on some gateways.
    static final double GATEWAY_BUDGET_MIN_SHARE = 0.6;
    static final double GATEWAY_BUDGET_MAX_SHARE = 0.9;
    // Access and processing on top of the fibre distance: an edge site sits on the access network, a cloud
    // region behind a few more hops and a load balancer.
    static final int EDGE_ACCESS_MIN_MS = 2;
    static final int EDGE_ACCESS_MAX_MS = 5;
    static final int CLOUD_ACCESS_MIN_MS = 8;
    static final int CLOUD_ACCESS_MAX_MS = 10;
    // Availability zones of a region lie tens of km apart; sites of one city a few km.
    static final double ZONE_SCATTER_DEGREES = 0.3;
    static final double SITE_SCATTER_DEGREES = 0.1;

    static final String SITE_TYPE = "heliostat.io/site-type";
    static final String NODE_POOL = "heliostat.io/node-pool";
    static final String ARCH = "kubernetes.io/arch";
    static final String REGION = "topology.kubernetes.io/region";
    static final String ACCELERATOR = "accelerator";
    static final String GPU_PRODUCT = "nvidia.com/gpu.product";
    static final String DPU_MODEL = "heliostat.io/dpu";
    static final Taint EDGE_TAINT = new Taint("node-role/edge", "true", TaintEffect.NO_SCHEDULE);
    // As the NVIDIA GPU operator's usual setup: only work that asks for GPUs lands on GPU nodes.
    static final Taint GPU_TAINT = new Taint("nvidia.com/gpu", "present", TaintEffect.NO_SCHEDULE);

    /** A data-centre GPU: its product label and board power (TDP). */
    record GpuModel(String product, double watts) {
    }

    static final List<GpuModel> GPU_MODELS = List.of(
            new GpuModel("NVIDIA-A100-PCIE-40GB", 250),
            new GpuModel("NVIDIA-L40S", 350),
            new GpuModel("NVIDIA-H100-PCIe", 350),
            new GpuModel("NVIDIA-A100-SXM4-80GB", 400));
    static final List<Integer> GPUS_PER_NODE = List.of(4, 8);
    static final List<String> DPU_MODELS = List.of("nvidia-bluefield-2", "nvidia-bluefield-3", "intel-ipu-e2000");

    // Runtime sets node pools offer, handed out in turn so that every fleet has gVisor, a micro-VM runtime
    // and WASM somewhere in the cloud; runc is everywhere.
    private static final List<Set<SandboxRuntime>> CLOUD_RUNTIMES = List.of(
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR),
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.KATA),
            EnumSet.of(SandboxRuntime.RUNC),
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR, SandboxRuntime.FIRECRACKER),
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR, SandboxRuntime.KATA, SandboxRuntime.WASM));
    private static final List<Set<SandboxRuntime>> EDGE_SERVER_RUNTIMES = List.of(
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.WASM),
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR),
            EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR, SandboxRuntime.WASM),
            EnumSet.of(SandboxRuntime.RUNC));
    private static final Set<SandboxRuntime> GATEWAY_RUNTIMES = EnumSet.of(SandboxRuntime.RUNC, SandboxRuntime.WASM);

    static FleetLayout build(FleetSize size, FleetData data, Horizon horizon, Draw draw) {
        return new Builder(size, data, horizon, draw).build();
    }

    private static final class Builder {

        private final FleetSize size;
        private final FleetData data;
        private final Horizon horizon;
        private final Draw draw;
        private final Map<String, Zone> zones = new LinkedHashMap<>();
        private final List<Cluster> clusters = new ArrayList<>();
        private final List<Geography.GridArea> areas = new ArrayList<>();
        private final List<Integer> accessMs = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<NodeKind> kinds = new ArrayList<>();

        Builder(FleetSize size, FleetData data, Horizon horizon, Draw draw) {
            this.size = size;
            this.data = data;
            this.horizon = horizon;
            this.draw = draw;
        }

        FleetLayout build() {
            int cloudClusters = (int) Math.round(size.clusters() * CLOUD_CLUSTER_SHARE);
            int edgeClusters = size.clusters() - cloudClusters;
            int cloudNodes = (int) Math.round(size.nodes() * CLOUD_NODE_SHARE);
            int edgeNodes = size.nodes() - cloudNodes;
            for (int i = 0; i < cloudClusters; i++) {
                Geography.GridArea area = Geography.CLOUD_ORDER.get(i % Geography.CLOUD_ORDER.size());
                int nth = i / Geography.CLOUD_ORDER.size();
                Cluster cluster = cloudCluster(area, nth);
                addCloudNodes(cluster, i, share(cloudNodes, cloudClusters, i));
            }
            for (int i = 0; i < edgeClusters; i++) {
                Geography.GridArea area = Geography.EDGE_ORDER.get(i % Geography.EDGE_ORDER.size());
                int nth = i / Geography.EDGE_ORDER.size();
                Cluster cluster = edgeSite(area, nth);
                addEdgeNodes(cluster, i, share(edgeNodes, edgeClusters, i));
            }
            return new FleetLayout(horizon, List.copyOf(zones.values()), List.copyOf(clusters), List.copyOf(nodes),
                    List.copyOf(kinds), List.copyOf(areas), users());
        }

        /** The {@code i}-th of {@code parts} near-equal shares of {@code total}; the first ones take the remainder. */
        private static int share(int total, int parts, int i) {
            return total / parts + (i < total % parts ? 1 : 0);
        }

        private Zone zone(Geography.GridArea area) {
            return zones.computeIfAbsent(area.zoneId(), id -> {
                Instant traceStart = horizon.start().minus(area.traceShift());
                double[] intensities = data.traces().get(id).intensities(traceStart, horizon.slotLength(), horizon.slots());
                return new Zone(id, data.traces().get(id).signalKind(), intensities, horizon.slotHours());
            });
        }

        private Cluster cloudCluster(Geography.GridArea area, int nth) {
            Geography.CloudRegion region = area.regions().get(nth % area.regions().size());
            char availabilityZone = (char) ('a' + nth / area.regions().size());
            String id = region.provider() + "-" + region.region() + "-" + availabilityZone;
            return addCluster(new Cluster(id, ClusterKind.CLOUD, region.provider(), region.region(), region.metro(), zone(area),
                    area.residency(), scatter(region.location(), ZONE_SCATTER_DEGREES), clusters.size()), area,
                    draw.between(CLOUD_ACCESS_MIN_MS, CLOUD_ACCESS_MAX_MS));
        }

        private Cluster edgeSite(Geography.GridArea area, int nth) {
            Geography.EdgeCity city = area.cities().get(nth % area.cities().size());
            int ordinal = nth / area.cities().size() + 1;
            String id = "edge-" + city.name() + (ordinal > 1 ? "-" + ordinal : "");
            // An edge site is its own failure domain: its region is its own name.
            return addCluster(new Cluster(id, ClusterKind.EDGE, "on-prem", id, city.metro(), zone(area), area.residency(),
                    scatter(city.location(), SITE_SCATTER_DEGREES), clusters.size()), area,
                    draw.between(EDGE_ACCESS_MIN_MS, EDGE_ACCESS_MAX_MS));
        }

        private Cluster addCluster(Cluster cluster, Geography.GridArea area, int access) {
            clusters.add(cluster);
            areas.add(area);
            accessMs.add(access);
            return cluster;
        }

        private Location scatter(Location centre, double degrees) {
            return new Location(centre.latitude() + draw.uniform(-degrees / 2, degrees / 2),
                    centre.longitude() + draw.uniform(-degrees / 2, degrees / 2));
        }

        private void addCloudNodes(Cluster cluster, int cloudOrdinal, int count) {
            int gpuNodes = count >= 4 ? Math.max(1, (int) Math.round(count * GPU_NODE_SHARE)) : 0;
            int dpuNodes = count >= 4 ? Math.max(1, (int) Math.round(count * DPU_NODE_SHARE)) : 0;
            int generalNodes = count - gpuNodes - dpuNodes;
            int ordinal = 0;
            for (int pool = 0; pool < GENERAL_POOLS; pool++) {
                SpecPowerResult model = draw.pick(data.cloudServers());
                Set<SandboxRuntime> runtimes = CLOUD_RUNTIMES.get((cloudOrdinal * (GENERAL_POOLS + 1) + pool) % CLOUD_RUNTIMES.size());
                String poolName = "general-" + (char) ('a' + pool);
                for (int n = 0; n < share(generalNodes, GENERAL_POOLS, pool); n++) {
                    addServer(cluster, NodeKind.CLOUD_CPU, ++ordinal, poolName, model, Resources.NONE, 0, Map.of(), List.of(), runtimes);
                }
            }
            if (dpuNodes > 0) {
                SpecPowerResult model = draw.pick(data.cloudServers());
                String dpuModel = draw.pick(DPU_MODELS);
                int dpus = draw.between(1, 2);
                Set<SandboxRuntime> runtimes = CLOUD_RUNTIMES.get((cloudOrdinal * (GENERAL_POOLS + 1) + GENERAL_POOLS) % CLOUD_RUNTIMES.size());
                for (int n = 0; n < dpuNodes; n++) {
                    addServer(cluster, NodeKind.CLOUD_DPU, n + 1, "dpu", model, new Resources(0, 0, 0, dpus, 0), 0,
                            Map.of(DPU_MODEL, dpuModel), List.of(), runtimes);
                }
            }
            if (gpuNodes > 0) {
                SpecPowerResult model = draw.pick(data.gpuHosts());
                GpuModel gpu = draw.pick(GPU_MODELS);
                int gpus = draw.pick(GPUS_PER_NODE);
                for (int n = 0; n < gpuNodes; n++) {
                    // GPU passthrough into sandboxes is rare: GPU pools run plain runc.
                    addServer(cluster, NodeKind.CLOUD_GPU, n + 1, "gpu", model, new Resources(0, 0, gpus, 0, 0), gpu.watts(),
                            Map.of(ACCELERATOR, "gpu", GPU_PRODUCT, gpu.product()), List.of(GPU_TAINT), EnumSet.of(SandboxRuntime.RUNC));
                }
            }
        }

        private void addEdgeNodes(Cluster cluster, int edgeOrdinal, int count) {
            int servers = Math.min(count, Math.max(1, (int) Math.round(count * EDGE_SERVER_SHARE)));
            SpecPowerResult model = draw.pick(data.edgeServers());
            Set<SandboxRuntime> runtimes = EDGE_SERVER_RUNTIMES.get(edgeOrdinal % EDGE_SERVER_RUNTIMES.size());
            for (int n = 0; n < servers; n++) {
                addServer(cluster, NodeKind.EDGE_SERVER, n + 1, "edge-servers", model, Resources.NONE, 0, Map.of(), List.of(), runtimes);
            }
            int memoryGiB = draw.pick(GATEWAY_MEMORY_GIB);
            PowerProfile power = data.gatewayPower();
            double budget = power.idleWatts()
                    + draw.uniform(GATEWAY_BUDGET_MIN_SHARE, GATEWAY_BUDGET_MAX_SHARE) * (power.maxWatts() - power.idleWatts());
            for (int n = servers; n < count; n++) {
                Map<String, String> labels = labels(cluster, "gateway", "gateways", "arm64");
                addNode(new Node(cluster.id() + "-gw-" + pad(n - servers + 1), cluster,
                        new Resources(GATEWAY_CORES * 1000L, memoryGiB * 1024L, 0, 0, GATEWAY_SCRATCH_MIB), power,
                        Math.round(budget * 100) / 100.0, labels, List.of(EDGE_TAINT), GATEWAY_RUNTIMES, nodes.size()), NodeKind.GATEWAY);
            }
        }

        private void addServer(Cluster cluster, NodeKind kind, int ordinal, String pool, SpecPowerResult model, Resources accelerators,
                               double wattsPerGpu, Map<String, String> extraLabels, List<Taint> taints, Set<SandboxRuntime> runtimes) {
            boolean edge = kind == NodeKind.EDGE_SERVER;
            Map<String, String> labels = labels(cluster, edge ? "edge" : "cloud", pool, "amd64");
            labels.putAll(extraLabels);
            String id = cluster.id() + "-" + switch (kind) {
                case CLOUD_CPU -> "cpu";
                case CLOUD_GPU -> "gpu";
                case CLOUD_DPU -> "dpu";
                case EDGE_SERVER -> "srv";
                case GATEWAY -> "gw";
            } + "-" + pad(ordinal);
            // SPECpower's 100 % load runs every hardware thread; schedulable CPU is counted in physical cores,
            // the conservative reading of what the measured power buys.
            Resources capacity = new Resources(model.cores() * 1000L, model.memoryGiB() * 1024L, accelerators.gpus(),
                    accelerators.dpus(), edge ? EDGE_SCRATCH_MIB : CLOUD_SCRATCH_MIB);
            addNode(new Node(id, cluster, capacity, model.powerProfile(wattsPerGpu), 0,
                    labels, taints, runtimes, nodes.size()), kind);
        }

        private static Map<String, String> labels(Cluster cluster, String siteType, String pool, String arch) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(SITE_TYPE, siteType);
            labels.put(NODE_POOL, pool);
            labels.put(ARCH, arch);
            labels.put(REGION, cluster.region());
            return labels;
        }

        private static String pad(int ordinal) {
            return String.format(java.util.Locale.ROOT, "%03d", ordinal);
        }

        private void addNode(Node node, NodeKind kind) {
            nodes.add(node);
            kinds.add(kind);
        }

        private List<Users> users() {
            Set<Geography.Continent> reached = new LinkedHashSet<>();
            for (Geography.GridArea area : areas) {
                reached.add(area.continent());
            }
            List<Users> users = new ArrayList<>();
            for (Geography.UserCity city : Geography.USER_CITIES) {
                if (!reached.contains(city.continent())) {
                    continue;
                }
                int[] rtt = new int[clusters.size()];
                for (Cluster cluster : clusters) {
                    rtt[cluster.index()] = city.location().estimatedRttMs(cluster.location(), accessMs.get(cluster.index()));
                }
                users.add(new Users(city, new UserLocation("users-" + city.name(), rtt)));
            }
            return List.copyOf(users);
        }
    }
}
