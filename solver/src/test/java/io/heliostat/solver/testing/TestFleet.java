package io.heliostat.solver.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.ColocationRequirement;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Location;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.domain.Zone;

/**
 * A small fleet for tests: zones, clusters, nodes and workloads made in a line each, with defaults that
 * keep the arithmetic easy, and the facts a ConstraintVerifier needs ({@link #with}) or a whole
 * {@link FleetPlan} ({@link #plan}). Clusters and nodes get their index from the order they are made
 * in, as the fleet's lists would give them.
 *
 * <p>Defaults:
 * <ul>
 * <li>horizon: {@code slots} slots of 1 h (or as given) from {@link #START};</li>
 * <li>zone: {@value #DEFAULT_GRAMS_PER_KWH} g/kWh in every slot;</li>
 * <li>cluster: a cloud region named after its id, in the default zone, no residency tags;</li>
 * <li>node: 4000 m CPU, 16384 MiB, no GPU or DPU, 100 GiB scratch; 100 W idle, 300 W at full CPU,
 *     so 1000 m adds 50 W; no power budget, labels or taints; runc only;</li>
 * <li>service: 1000 m, 1024 MiB, one replica, any container runtime, runs every slot;</li>
 * <li>job: as a service but runs one slot, released at 0, due at the end of the horizon.</li>
 * </ul>
 */
public final class TestFleet {

    public static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    public static final double DEFAULT_GRAMS_PER_KWH = 100.0;
    public static final Location SOMEWHERE = new Location(40.4, -3.7);

    private final int slots;
    private final double slotHours;
    private PlacementPolicy policy = PlacementPolicy.ofDefaults();
    private final List<Zone> zones = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private Zone defaultZone;
    private Cluster defaultCluster;

    /** A fleet planned over {@code slots} one-hour slots. */
    public TestFleet(int slots) {
        this(slots, 1.0);
    }

    public TestFleet(int slots, double slotHours) {
        this.slots = slots;
        this.slotHours = slotHours;
    }

    // ------------------------------------------------------------------ horizon and policy

    public Horizon horizon() {
        return new Horizon(START, Duration.ofMillis(Math.round(slotHours * 3_600_000)), slots);
    }

    public PlacementPolicy policy() {
        return policy;
    }

    public TestFleet policy(PlacementPolicy policy) {
        this.policy = policy;
        return this;
    }

    /** The default policy with another headroom target. */
    public static PlacementPolicy policyWithHeadroomTarget(double headroomTarget) {
        return prices().headroomTarget(headroomTarget).build();
    }

    /** The default policy with another migration mode. */
    public static PlacementPolicy policyWithMigrationMode(MigrationMode mode) {
        return prices().migrationMode(mode).build();
    }

    /** A policy to adjust from the defaults, by name rather than by position. */
    public static PolicySpec prices() {
        return new PolicySpec();
    }

    public static final class PolicySpec {
        private final PlacementPolicy d = PlacementPolicy.ofDefaults();
        private double carbon = d.carbon();
        private double energyGramsPerKwh = d.energyGramsPerKwh();
        private double latencyGramsPerMs = d.latencyGramsPerMs();
        private double migrationGramsPerMove = d.migrationGramsPerMove();
        private double headroomTarget = d.headroomTarget();
        private double headroomGramsPerCoreHour = d.headroomGramsPerCoreHour();
        private double preferNoScheduleGrams = d.preferNoScheduleGrams();
        private MigrationMode migrationMode = d.migrationMode();
        private double sandboxSecurityWeight = d.sandboxSecurityWeight();
        private double sandboxPerformanceWeight = d.sandboxPerformanceWeight();

        private PolicySpec() {
        }

        public PolicySpec carbon(double multiplier) {
            this.carbon = multiplier;
            return this;
        }

        public PolicySpec energy(double gramsPerKwh) {
            this.energyGramsPerKwh = gramsPerKwh;
            return this;
        }

        public PolicySpec latency(double gramsPerMs) {
            this.latencyGramsPerMs = gramsPerMs;
            return this;
        }

        public PolicySpec migration(double gramsPerMove) {
            this.migrationGramsPerMove = gramsPerMove;
            return this;
        }

        public PolicySpec headroomTarget(double target) {
            this.headroomTarget = target;
            return this;
        }

        public PolicySpec headroom(double gramsPerCoreHour) {
            this.headroomGramsPerCoreHour = gramsPerCoreHour;
            return this;
        }

        public PolicySpec preferNoSchedule(double grams) {
            this.preferNoScheduleGrams = grams;
            return this;
        }

        public PolicySpec migrationMode(MigrationMode mode) {
            this.migrationMode = mode;
            return this;
        }

        public PolicySpec sandbox(double securityWeight, double performanceWeight) {
            this.sandboxSecurityWeight = securityWeight;
            this.sandboxPerformanceWeight = performanceWeight;
            return this;
        }

        public PlacementPolicy build() {
            return new PlacementPolicy(carbon, energyGramsPerKwh, latencyGramsPerMs, migrationGramsPerMove, headroomTarget,
                    headroomGramsPerCoreHour, preferNoScheduleGrams, migrationMode, sandboxSecurityWeight, sandboxPerformanceWeight);
        }
    }

    // ------------------------------------------------------------------ zones and clusters

    /** A zone with one intensity (g/kWh) per slot; it may hold more values than the horizon has slots. */
    public Zone zone(String id, double... gramsPerKwh) {
        Zone zone = new Zone(id, SignalKind.AVERAGE, gramsPerKwh, slotHours);
        zones.add(zone);
        return zone;
    }

    /** A zone with the same intensity in every slot of the horizon. */
    public Zone flatZone(String id, double gramsPerKwh) {
        double[] values = new double[slots];
        Arrays.fill(values, gramsPerKwh);
        return zone(id, values);
    }

    /** A cloud region in {@code zone}. */
    public Cluster cluster(String id, Zone zone) {
        return cluster(id).zone(zone).build();
    }

    public ClusterSpec cluster(String id) {
        return new ClusterSpec(id);
    }

    private Zone defaultZone() {
        if (defaultZone == null) {
            defaultZone = flatZone("default-zone", DEFAULT_GRAMS_PER_KWH);
        }
        return defaultZone;
    }

    private Cluster defaultCluster() {
        if (defaultCluster == null) {
            defaultCluster = cluster("default-cluster").build();
        }
        return defaultCluster;
    }

    public final class ClusterSpec {
        private final String id;
        private ClusterKind kind = ClusterKind.CLOUD;
        private String region;
        private String latencyDomain;
        private Zone zone;
        private Set<String> residency = Set.of();

        private ClusterSpec(String id) {
            this.id = id;
        }

        public ClusterSpec edge() {
            this.kind = ClusterKind.EDGE;
            return this;
        }

        public ClusterSpec region(String region) {
            this.region = region;
            return this;
        }

        public ClusterSpec latencyDomain(String latencyDomain) {
            this.latencyDomain = latencyDomain;
            return this;
        }

        public ClusterSpec zone(Zone zone) {
            this.zone = zone;
            return this;
        }

        public ClusterSpec residency(String... tags) {
            this.residency = Set.of(tags);
            return this;
        }

        public Cluster build() {
            Cluster cluster = new Cluster(id, kind, "test", region, latencyDomain, zone == null ? defaultZone() : zone,
                    residency, SOMEWHERE, clusters.size());
            clusters.add(cluster);
            return cluster;
        }
    }

    /**
     * Where a workload's users are, with their RTT to each cluster. Make it after every cluster: a cluster
     * made later has no RTT in it.
     */
    public UserLocation users(String id, Map<Cluster, Integer> rttMs) {
        int[] byCluster = new int[clusters.size()];
        for (Cluster cluster : clusters) {
            Integer rtt = rttMs.get(cluster);
            if (rtt == null) {
                throw new IllegalArgumentException("users " + id + ": no RTT given for cluster " + cluster.id());
            }
            byCluster[cluster.index()] = rtt;
        }
        return new UserLocation(id, byCluster);
    }

    // ------------------------------------------------------------------ nodes

    /** A default node in the default cluster. */
    public Node node(String id) {
        return node(id, defaultCluster()).build();
    }

    public NodeSpec node(String id, Cluster cluster) {
        return new NodeSpec(id, cluster);
    }

    /** A node in the default cluster, to adjust before {@link NodeSpec#build()}. */
    public NodeSpec nodeSpec(String id) {
        return new NodeSpec(id, defaultCluster());
    }

    public final class NodeSpec {
        private final String id;
        private final Cluster cluster;
        private long cpuMillis = 4000;
        private long memoryMiB = 16384;
        private int gpus;
        private int dpus;
        private long ephemeralStorageMiB = 102_400;
        private double idleWatts = 100;
        private double maxWatts = 300;
        private double wattsPerGpu;
        private double powerBudgetWatts;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private Set<SandboxRuntime> runtimes = EnumSet.of(SandboxRuntime.RUNC);

        private NodeSpec(String id, Cluster cluster) {
            this.id = id;
            this.cluster = cluster;
        }

        public NodeSpec cpu(long millis) {
            this.cpuMillis = millis;
            return this;
        }

        public NodeSpec memory(long mib) {
            this.memoryMiB = mib;
            return this;
        }

        public NodeSpec gpus(int gpus) {
            this.gpus = gpus;
            return this;
        }

        public NodeSpec dpus(int dpus) {
            this.dpus = dpus;
            return this;
        }

        public NodeSpec ephemeralStorage(long mib) {
            this.ephemeralStorageMiB = mib;
            return this;
        }

        /** Linear power model: {@code idle} W idle, {@code max} W at full CPU. */
        public NodeSpec power(double idle, double max) {
            this.idleWatts = idle;
            this.maxWatts = max;
            return this;
        }

        public NodeSpec wattsPerGpu(double watts) {
            this.wattsPerGpu = watts;
            return this;
        }

        public NodeSpec powerBudget(double watts) {
            this.powerBudgetWatts = watts;
            return this;
        }

        public NodeSpec label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public NodeSpec taint(String key, String value, TaintEffect effect) {
            taints.add(new Taint(key, value, effect));
            return this;
        }

        public NodeSpec taints(Collection<Taint> taints) {
            this.taints.addAll(taints);
            return this;
        }

        public NodeSpec runtimes(SandboxRuntime... runtimes) {
            this.runtimes = EnumSet.copyOf(Arrays.asList(runtimes));
            return this;
        }

        public Node build() {
            Node node = new Node(id, cluster, new Resources(cpuMillis, memoryMiB, gpus, dpus, ephemeralStorageMiB),
                    new PowerProfile(idleWatts, maxWatts, wattsPerGpu), powerBudgetWatts, labels, taints, runtimes,
                    nodes.size());
            nodes.add(node);
            return node;
        }
    }

    // ------------------------------------------------------------------ workloads

    /** A service: runs every slot of the horizon. */
    public WorkloadSpec service(String id) {
        return new WorkloadSpec(id, WorkloadKind.SERVICE, slots, 0, slots);
    }

    /** A batch job of one slot, released at slot 0 and due at the end of the horizon. */
    public WorkloadSpec job(String id) {
        return new WorkloadSpec(id, WorkloadKind.BATCH, 1, 0, slots);
    }

    public final class WorkloadSpec {
        private final String id;
        private final WorkloadKind kind;
        private String tenant = "tenant-a";
        private long cpuMillis = 1000;
        private long memoryMiB = 1024;
        private int gpus;
        private int dpus;
        private long ephemeralStorageMiB;
        private int replicas = 1;
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private SandboxRequirement sandbox = SandboxRequirement.ANY_CONTAINER;
        private Set<String> residency = Set.of();
        private UserLocation users;
        private int latencySloMs;
        private Spread spread;
        private boolean antiAffinity;
        private final List<String> colocateWith = new ArrayList<>();
        private int durationSlots;
        private int releaseSlot;
        private int deadlineSlot;
        private PlacementPolicy policy;

        private WorkloadSpec(String id, WorkloadKind kind, int durationSlots, int releaseSlot, int deadlineSlot) {
            this.id = id;
            this.kind = kind;
            this.durationSlots = durationSlots;
            this.releaseSlot = releaseSlot;
            this.deadlineSlot = deadlineSlot;
        }

        public WorkloadSpec tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public WorkloadSpec cpu(long millis) {
            this.cpuMillis = millis;
            return this;
        }

        public WorkloadSpec memory(long mib) {
            this.memoryMiB = mib;
            return this;
        }

        public WorkloadSpec gpus(int gpus) {
            this.gpus = gpus;
            return this;
        }

        public WorkloadSpec dpus(int dpus) {
            this.dpus = dpus;
            return this;
        }

        public WorkloadSpec ephemeralStorage(long mib) {
            this.ephemeralStorageMiB = mib;
            return this;
        }

        public WorkloadSpec replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public WorkloadSpec select(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        public WorkloadSpec tolerate(Toleration toleration) {
            tolerations.add(toleration);
            return this;
        }

        public WorkloadSpec tolerations(Collection<Toleration> tolerations) {
            this.tolerations.addAll(tolerations);
            return this;
        }

        public WorkloadSpec sandbox(SandboxRequirement sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /** A container image needing at least {@code level} of isolation. */
        public WorkloadSpec isolation(IsolationLevel level) {
            return sandbox(new SandboxRequirement(false, level, Optional.empty()));
        }

        public WorkloadSpec wasmModule() {
            return sandbox(new SandboxRequirement(true, IsolationLevel.CONTAINER, Optional.empty()));
        }

        /** Exactly this runtime (a WASM module when it is {@code wasm}). */
        public WorkloadSpec runtime(SandboxRuntime runtime) {
            return sandbox(new SandboxRequirement(runtime.runsWasm(), IsolationLevel.CONTAINER, Optional.of(runtime)));
        }

        public WorkloadSpec residency(String... tags) {
            this.residency = Set.of(tags);
            return this;
        }

        public WorkloadSpec users(UserLocation users) {
            this.users = users;
            return this;
        }

        public WorkloadSpec latencySlo(int ms) {
            this.latencySloMs = ms;
            return this;
        }

        public WorkloadSpec spread(TopologyKey key, int minDomains) {
            this.spread = new Spread(key, minDomains);
            return this;
        }

        public WorkloadSpec antiAffinity() {
            this.antiAffinity = true;
            return this;
        }

        public WorkloadSpec colocateWith(String workloadId) {
            colocateWith.add(workloadId);
            return this;
        }

        public WorkloadSpec duration(int slots) {
            this.durationSlots = slots;
            return this;
        }

        public WorkloadSpec release(int slot) {
            this.releaseSlot = slot;
            return this;
        }

        public WorkloadSpec deadline(int slot) {
            this.deadlineSlot = slot;
            return this;
        }

        /** Priced by {@code policy} rather than the plan's. */
        public WorkloadSpec policy(PlacementPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Workload build() {
            Workload workload = new Workload(id, tenant, kind,
                    new Resources(cpuMillis, memoryMiB, gpus, dpus, ephemeralStorageMiB), replicas, nodeSelector,
                    tolerations, sandbox, residency, Optional.ofNullable(users), latencySloMs, Optional.ofNullable(spread),
                    antiAffinity, colocateWith, durationSlots, releaseSlot, deadlineSlot, Optional.ofNullable(policy));
            workloads.add(workload);
            return workload;
        }
    }

    // ------------------------------------------------------------------ replicas

    /** Replica {@code ordinal} of {@code workload} on {@code node}, starting at the workload's release slot. */
    public static Replica replica(Workload workload, int ordinal, Node node) {
        return new Replica(workload, ordinal, node, workload.releaseSlot());
    }

    /** Replica {@code ordinal} of {@code workload} on {@code node}, starting at {@code startSlot}. */
    public static Replica replica(Workload workload, int ordinal, Node node, int startSlot) {
        return new Replica(workload, ordinal, node, startSlot);
    }

    /** Replicas 0, 1, ... of {@code workload}, the i-th on {@code nodes[i]} (a node may repeat). */
    public static List<Replica> replicas(Workload workload, Node... nodes) {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            replicas.add(replica(workload, i, nodes[i]));
        }
        return replicas;
    }

    /** Every replica the workload asks for, all on {@code node}. */
    public static List<Replica> allOn(Workload workload, Node node) {
        return IntStream.range(0, workload.replicas()).mapToObj(ordinal -> replica(workload, ordinal, node)).toList();
    }

    /** A replica the solver left without a node (its start slot assigned, as after construction). */
    public static Replica unplaced(Workload workload, int ordinal) {
        return new Replica(workload, ordinal, null, workload.releaseSlot());
    }

    /** A replica on {@code node} that runs on {@code currentNode} now ({@code null}: not running yet). */
    public static Replica moved(Workload workload, int ordinal, Node currentNode, Node node) {
        Replica replica = replica(workload, ordinal, node);
        replica.setCurrentNode(currentNode);
        return replica;
    }

    // ------------------------------------------------------------------ facts

    /** Co-location requirements of the workloads made so far, as {@link FleetPlan} derives them. */
    public List<ColocationRequirement> colocations() {
        List<ColocationRequirement> requirements = new ArrayList<>();
        for (Workload workload : workloads) {
            for (String dependencyId : workload.colocateWith()) {
                Workload dependency = workloads.stream().filter(w -> w.id().equals(dependencyId)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no workload " + dependencyId));
                requirements.add(new ColocationRequirement(workload, dependency));
            }
        }
        return requirements;
    }

    /**
     * Every fact of the fleet (horizon, policy, zones, clusters, nodes, workloads, co-location requirements,
     * time slots) followed by {@code entities}; a collection among them is spread out. For
     * {@code ConstraintVerifier.given(...)}.
     */
    public Object[] with(Object... entities) {
        List<Object> facts = new ArrayList<>();
        facts.add(horizon());
        facts.add(policy);
        facts.addAll(zones);
        facts.addAll(clusters);
        facts.addAll(nodes);
        facts.addAll(workloads);
        facts.addAll(colocations());
        for (Object entity : entities) {
            if (entity instanceof Collection<?> collection) {
                facts.addAll(collection);
            } else {
                facts.add(entity);
            }
        }
        return facts.toArray();
    }

    /** The whole problem as a {@link FleetPlan}; replicas of the workloads not given are created unplaced. */
    public FleetPlan plan(List<Replica> replicas) {
        return new FleetPlan(horizon(), policy, zones, clusters, nodes, workloads, replicas);
    }
}
