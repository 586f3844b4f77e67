package io.heliostat.solver.generator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;

/**
 * The workloads of a generated fleet, drawn category by category, each placed at once in a witness (see
 * {@link WitnessLedger}) so that the fleet is feasible by construction: a workload whose replicas do not
 * all fit under its rules is drawn again, smaller, and after a few tries becomes a plain service.
 *
 * <p>The most restricted categories come first so that the capacity they need is still free; plain
 * services come last and are sized to bring the whole fleet to {@link #TARGET_UTILISATION}.
 */
final class WorkloadMix {

    /** Kinds of workload, in the order they are drawn (most restricted first). */
    enum Category {
        INFERENCE, GATEWAY, LATENCY, DPU_OFFLOAD, WASM, SANDBOXED, RESIDENCY, COLOCATED, BATCH, GENERAL
    }

    // Shares of the replicas per category; plain services (GENERAL) take the rest, about a fifth. Chosen so
    // that every hard rule has many workloads to bite on while most capacity stays open to the solver.
    static final Map<Category, Double> SHARES = Map.of(
            Category.INFERENCE, 0.05,   // capped further by the GPUs there are (ACCELERATOR_TARGET_UTILISATION)
            Category.GATEWAY, 0.12,     // edge work: tolerates the gateway taint and selects gateways
            Category.LATENCY, 0.15,     // services with a user location and an RTT SLO
            Category.DPU_OFFLOAD, 0.04, // network and storage functions offloaded to a DPU; capped by the DPUs
            Category.WASM, 0.05,        // WebAssembly modules on nodes with a WASM runtime
            Category.SANDBOXED, 0.08,   // untrusted code needing gVisor or a micro-VM
            Category.RESIDENCY, 0.08,   // data that must stay in the EU, the EEA or one country
            Category.COLOCATED, 0.03,   // services that need a replica of another in their metro
            Category.BATCH, 0.20);      // deferrable jobs, the raw material of temporal shifting

    // Overall CPU and memory requested, as a share of the fleet's capacity: half full leaves the solver room
    // to consolidate (switch nodes off) or spread, and to shift in time and space.
    static final double TARGET_UTILISATION = 0.5;
    // Gateways are loaded a little less: their power budgets, not their cores, bind first.
    static final double GATEWAY_TARGET_UTILISATION = 0.4;
    // Half the GPUs and DPUs busy: accelerators are scarce, and a full pool leaves nothing to optimise.
    static final double ACCELERATOR_TARGET_UTILISATION = 0.5;
    // 70 % of inference replicas need one GPU, the rest two.
    static final double ONE_GPU_SHARE = 0.7;
    static final double MEAN_GPUS_PER_INFERENCE_REPLICA = ONE_GPU_SHARE + 2 * (1 - ONE_GPU_SHARE);
    static final int MAX_REPLICAS = 10;
    // Request sizes scatter by a factor drawn from [0.5, 1.5) around their category's mean.
    static final double SIZE_JITTER_LOW = 0.5;
    static final double SIZE_JITTER_HIGH = 1.5;
    // Relative CPU sizes of categories that run on the general server pool (1 = the pool's mean).
    static final Map<Category, Double> CPU_WEIGHTS = Map.of(
            Category.LATENCY, 1.0, Category.DPU_OFFLOAD, 1.0, Category.WASM, 0.25, Category.SANDBOXED, 0.75,
            Category.RESIDENCY, 1.0, Category.COLOCATED, 0.5, Category.BATCH, 1.5, Category.GENERAL, 1.0);
    // Services close to their users are small: they run on edge servers.
    static final double METRO_CPU_WEIGHT = 0.3;
    static final long MIN_CPU_MILLIS = 50;
    static final long MIN_MEMORY_MIB = 64;

    // Latency SLO tiers (ms). 7 ms reaches only edge sites in the user's metro (cloud regions add 8-10 ms of
    // access alone); 30 ms reaches cloud regions within about 1,300 km; 80 ms a continent, never another one.
    static final int METRO_SLO_MS = 7;
    static final int REGIONAL_SLO_MS = 30;
    static final int CONTINENTAL_SLO_MS = 80;
    // Deferrable jobs run 1-6 slots and leave at least 2 slots of slack before their deadline.
    static final int MAX_JOB_SLOTS = 6;
    static final int MIN_SLACK_SLOTS = 2;
    static final int MAX_SLACK_SLOTS = 12;

    // Each failed try shrinks the request by this factor; after MAX_TRIES the workload becomes a plain service.
    static final int MAX_TRIES = 6;
    static final double SHRINK_PER_TRY = 0.7;
    // A replica looks at this many random eligible nodes and takes the roomiest: near-even load, fast.
    static final int PROBES = 6;

    static final List<String> TENANTS = List.of("acme", "globex", "initech", "hooli", "soylent", "umbrella", "wayne", "tyrell");

    private static final Map<Category, List<String>> NAMES = Map.of(
            Category.INFERENCE, List.of("llm-chat", "vision-detect", "speech-asr", "embeddings", "recsys-ranker", "doc-ocr"),
            Category.GATEWAY, List.of("sensor-ingest", "plc-bridge", "camera-analytics", "mqtt-broker", "ota-agent", "meter-reader"),
            Category.LATENCY, List.of("checkout", "game-session", "ar-render", "video-call", "trading-gateway", "ad-auction", "search-frontend"),
            Category.DPU_OFFLOAD, List.of("vpc-firewall", "storage-initiator", "tls-offload", "ovs-dataplane", "packet-broker"),
            Category.WASM, List.of("edge-functions", "image-resize", "auth-filter", "feature-flags", "webhook-router"),
            Category.SANDBOXED, List.of("ci-runner", "untrusted-plugin", "customer-code", "notebook", "pdf-render", "sandboxed-build"),
            Category.RESIDENCY, List.of("patient-records", "payments-ledger", "tax-filing", "hr-portal", "citizen-id", "kyc-check"),
            Category.COLOCATED, List.of("session-cache", "db-proxy", "feature-store", "rate-limiter"),
            Category.BATCH, List.of("etl-nightly", "video-transcode", "log-compaction", "backup-verify", "genome-align", "render-frames",
                    "model-finetune", "index-rebuild"),
            Category.GENERAL, List.of("catalog", "auth", "search", "recommend", "notifications", "profile", "inventory", "billing",
                    "api-gateway", "metrics-collector"));

    private static final Toleration TOLERATE_EDGE = new Toleration(FleetLayout.EDGE_TAINT.key(), Toleration.Operator.EXISTS, "",
            Optional.of(TaintEffect.NO_SCHEDULE));
    private static final Toleration TOLERATE_GPU = new Toleration(FleetLayout.GPU_TAINT.key(), Toleration.Operator.EXISTS, "",
            Optional.of(TaintEffect.NO_SCHEDULE));
    private static final SandboxRequirement WASM_MODULE = new SandboxRequirement(true, IsolationLevel.CONTAINER, Optional.empty());

    /** The workloads, their replicas and the witness placement of each replica (same order). */
    record Result(List<Workload> workloads, List<Replica> replicas, List<GeneratedFleet.WitnessPlacement> witness) {
    }

    /** A workload being drawn: the fields of {@link Workload}, changeable until it is built. */
    private static final class Draft {
        String id;
        String tenant;
        WorkloadKind kind = WorkloadKind.SERVICE;
        long cpuMillis;
        long memoryMiB;
        int gpus;
        int dpus;
        long storageMiB;
        int replicas;
        Map<String, String> nodeSelector = Map.of();
        List<Toleration> tolerations = List.of();
        SandboxRequirement sandbox = SandboxRequirement.ANY_CONTAINER;
        Set<String> residency = Set.of();
        Optional<UserLocation> userLocation = Optional.empty();
        int latencySloMs;
        Optional<Spread> spread = Optional.empty();
        boolean antiAffinity;
        List<String> colocateWith = List.of();
        int durationSlots;
        int releaseSlot;
        int deadlineSlot;
        /** Nodes the witness may use beyond the static rules (the dependency's metros, for co-location). */
        Predicate<Node> within = Eligibility.ANY;

        Workload build() {
            return new Workload(id, tenant, kind, new Resources(cpuMillis, memoryMiB, gpus, dpus, storageMiB), replicas,
                    nodeSelector, tolerations, sandbox, residency, userLocation, latencySloMs, spread, antiAffinity, colocateWith,
                    durationSlots, releaseSlot, deadlineSlot);
        }
    }

    private final FleetLayout layout;
    private final Draw draw;
    private final int slots;
    private final Eligibility eligibility;
    private final WitnessLedger ledger;

    private final List<Workload> workloads = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final List<GeneratedFleet.WitnessPlacement> witness = new ArrayList<>();
    /** Services placed so far with the metros their witness replicas run in: co-location dependencies. */
    private final List<Workload> services = new ArrayList<>();
    private final Map<Workload, Set<String>> serviceMetros = new HashMap<>();

    // Fleet figures the sizes derive from.
    private final long totalCpu;
    private final long totalMemory;
    private final double serverCpuUnit;
    private final double serverMemoryPerMilli;
    private final double gatewayCpuUnit;
    private final double gatewayMemoryUnit;
    private final double gpuHostCpuPerGpu;
    private final double gpuHostMemoryPerGpu;
    private final Map<Category, Integer> budgets;
    private final Set<SandboxRuntime> sandboxRuntimes;
    private final List<Set<String>> residencyOptions;
    private final List<FleetLayout.Users> usersNearEdge;

    private long requestedCpu;
    private long requestedMemory;
    private int sequence;

    private WorkloadMix(FleetLayout layout, int replicaCount, Draw draw) {
        this.layout = layout;
        this.draw = draw;
        this.slots = layout.horizon().slots();
        this.eligibility = new Eligibility(layout.nodes());
        this.ledger = new WitnessLedger(layout.nodes());

        long cpu = 0, memory = 0, serverCpu = 0, serverMemory = 0, gatewayCpu = 0, gatewayMemory = 0, gpuCpu = 0, gpuMemory = 0;
        int gateways = 0, gpus = 0, dpus = 0;
        Set<SandboxRuntime> runtimes = EnumSet.noneOf(SandboxRuntime.class);
        for (Node node : layout.nodes()) {
            Resources capacity = node.capacity();
            cpu += capacity.cpuMillis();
            memory += capacity.memoryMiB();
            NodeKind kind = layout.kinds().get(node.index());
            if (kind.serverPool()) {
                serverCpu += capacity.cpuMillis();
                serverMemory += capacity.memoryMiB();
                runtimes.addAll(node.runtimes());
                dpus += capacity.dpus();
            } else if (kind == NodeKind.GATEWAY) {
                gatewayCpu += capacity.cpuMillis();
                gatewayMemory += capacity.memoryMiB();
                gateways++;
            } else if (kind == NodeKind.CLOUD_GPU) {
                gpuCpu += capacity.cpuMillis();
                gpuMemory += capacity.memoryMiB();
                gpus += capacity.gpus();
            }
        }
        this.totalCpu = cpu;
        this.totalMemory = memory;
        this.sandboxRuntimes = runtimes;

        this.budgets = budgets(replicaCount, gateways, gpus, dpus);
        double weightedServerReplicas = 0;
        // In category order, not the map's: Map.of iterates in a per-JVM order, and a sum in another order
        // can round differently, which would break "a seed gives the same fleet".
        for (Category category : Category.values()) {
            weightedServerReplicas += budgets.get(category) * CPU_WEIGHTS.getOrDefault(category, 0.0);
        }
        this.serverCpuUnit = TARGET_UTILISATION * serverCpu / Math.max(1, weightedServerReplicas);
        this.serverMemoryPerMilli = serverCpu == 0 ? 0 : (double) serverMemory / serverCpu;
        int gatewayReplicas = Math.max(1, budgets.get(Category.GATEWAY));
        this.gatewayCpuUnit = GATEWAY_TARGET_UTILISATION * gatewayCpu / gatewayReplicas;
        this.gatewayMemoryUnit = GATEWAY_TARGET_UTILISATION * gatewayMemory / gatewayReplicas;
        this.gpuHostCpuPerGpu = gpus == 0 ? 0 : (double) gpuCpu / gpus;
        this.gpuHostMemoryPerGpu = gpus == 0 ? 0 : (double) gpuMemory / gpus;
        this.residencyOptions = residencyOptions(layout);
        this.usersNearEdge = layout.users().stream()
                .filter(users -> layout.clusters().stream().anyMatch(cluster -> cluster.kind() == ClusterKind.EDGE
                        && users.location().rttMs(cluster) <= METRO_SLO_MS))
                .toList();
    }

    static Result draw(FleetLayout layout, int replicaCount, Draw draw) {
        return new WorkloadMix(layout, replicaCount, draw).drawAll();
    }

    /** Replicas per category: the shares of the total, accelerated work capped by the accelerators there are. */
    private static Map<Category, Integer> budgets(int replicaCount, int gateways, int gpus, int dpus) {
        Map<Category, Integer> budgets = new EnumMap<>(Category.class);
        int assigned = 0;
        for (Category category : Category.values()) {
            if (category == Category.GENERAL) {
                continue;
            }
            int budget = (int) Math.round(replicaCount * SHARES.get(category));
            if (category == Category.INFERENCE) {
                budget = Math.min(budget, (int) Math.floor(ACCELERATOR_TARGET_UTILISATION * gpus / MEAN_GPUS_PER_INFERENCE_REPLICA));
            } else if (category == Category.DPU_OFFLOAD) {
                budget = Math.min(budget, (int) Math.floor(ACCELERATOR_TARGET_UTILISATION * dpus)); // one whole DPU each
            } else if (category == Category.GATEWAY && gateways == 0) {
                budget = 0;
            }
            budgets.put(category, budget);
            assigned += budget;
        }
        budgets.put(Category.GENERAL, replicaCount - assigned);
        return budgets;
    }

    /** Residency rules the fleet can honour: EU, EEA and each country it has clusters in. */
    private static List<Set<String>> residencyOptions(FleetLayout layout) {
        Set<String> tags = new LinkedHashSet<>();
        for (Geography.GridArea area : layout.areas()) {
            if (area.residency().contains("EU")) {
                tags.add("EU");
            }
            if (area.residency().contains("EEA")) {
                tags.add("EEA");
            }
        }
        for (Geography.GridArea area : layout.areas()) {
            tags.add(area.country());
        }
        return tags.stream().map(Set::of).toList();
    }

    private Result drawAll() {
        for (Category category : Category.values()) {
            int left = budgets.get(category);
            while (left > 0) {
                int count = Math.min(draw.between(1, MAX_REPLICAS), left);
                place(category, count, left);
                left -= count;
            }
        }
        return new Result(List.copyOf(workloads), List.copyOf(replicas), List.copyOf(witness));
    }

    /** Draws a workload of {@code category} with {@code count} replicas until its witness fits, or falls back. */
    private void place(Category category, int count, int categoryLeft) {
        double scale = 1.0;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++, scale *= SHRINK_PER_TRY) {
            if (tryPlace(draft(category, count, categoryLeft, scale))) {
                return;
            }
        }
        // Restricted capacity ran out: the replicas become a plain service, shrunk until they fit.
        for (scale = 1.0; scale * serverCpuUnit >= MIN_CPU_MILLIS * SHRINK_PER_TRY; scale *= SHRINK_PER_TRY) {
            if (tryPlace(plain(count, scale))) {
                return;
            }
        }
        throw new IllegalStateException("cannot place " + count + " replicas of a " + category.name().toLowerCase(Locale.ROOT)
                + " workload even as a minimal plain service: the fleet's " + layout.nodes().size() + " nodes are too full");
    }

    private Draft draft(Category category, int count, int categoryLeft, double scale) {
        return switch (category) {
            case INFERENCE -> inference(count, scale);
            case GATEWAY -> gateway(count, scale);
            case LATENCY -> latencyBound(count, scale);
            case DPU_OFFLOAD -> dpuOffload(count, scale);
            case WASM -> wasm(count, scale);
            case SANDBOXED -> sandboxed(count, scale);
            case RESIDENCY -> residencyBound(count, scale);
            case COLOCATED -> colocated(count, scale);
            case BATCH -> batch(count, scale);
            case GENERAL -> general(count, categoryLeft, scale);
        };
    }

    // ************************************************************************
    // Categories
    // ************************************************************************

    private Draft inference(int count, double scale) {
        Draft draft = start(Category.INFERENCE, count);
        draft.kind = WorkloadKind.INFERENCE;
        draft.gpus = draw.chance(ONE_GPU_SHARE) ? 1 : 2;
        draft.cpuMillis = cpu(draft.gpus * gpuHostCpuPerGpu * ACCELERATOR_TARGET_UTILISATION * jitter() * scale);
        draft.memoryMiB = memory(draft.gpus * gpuHostMemoryPerGpu * ACCELERATOR_TARGET_UTILISATION * jitter() * scale);
        draft.storageMiB = draw.between(20, 100) * 1024L; // model weights
        draft.nodeSelector = Map.of(FleetLayout.ACCELERATOR, "gpu");
        draft.tolerations = List.of(TOLERATE_GPU);
        if (draw.chance(0.3)) {
            deferrable(draft); // batch inference: embeddings over a corpus, overnight scoring
        } else {
            allDay(draft);
            if (draw.chance(0.5)) {
                withUsers(draft, draw.pick(layout.users()), CONTINENTAL_SLO_MS);
            }
            maybeSpread(draft, 0.5);
        }
        return draft;
    }

    private Draft gateway(int count, double scale) {
        Draft draft = start(Category.GATEWAY, count);
        allDay(draft);
        draft.cpuMillis = cpu(gatewayCpuUnit * jitter() * scale);
        draft.memoryMiB = memory(gatewayMemoryUnit * jitter() * scale);
        draft.storageMiB = draw.between(64, 512);
        draft.nodeSelector = Map.of(FleetLayout.SITE_TYPE, "gateway");
        draft.tolerations = List.of(TOLERATE_EDGE);
        if (draw.chance(0.5)) {
            draft.sandbox = WASM_MODULE;
        }
        if (!usersNearEdge.isEmpty() && draw.chance(0.4)) {
            // Machines in one city talk to their own gateways.
            withUsers(draft, draw.pick(usersNearEdge), METRO_SLO_MS);
        }
        draft.antiAffinity = draw.chance(0.3);
        return draft;
    }

    private Draft latencyBound(int count, double scale) {
        Draft draft = start(Category.LATENCY, count);
        allDay(draft);
        FleetLayout.Users users = draw.pick(layout.users());
        double tier = draw.uniform(0, 1);
        int slo = tier < 0.3 ? METRO_SLO_MS : tier < 0.7 ? REGIONAL_SLO_MS : CONTINENTAL_SLO_MS;
        // Loosen the tier until some cluster meets it from where the users are.
        while (slo < CONTINENTAL_SLO_MS && !reachable(users.location(), slo)) {
            slo = slo == METRO_SLO_MS ? REGIONAL_SLO_MS : CONTINENTAL_SLO_MS;
        }
        withUsers(draft, users, slo);
        double weight = slo == METRO_SLO_MS ? METRO_CPU_WEIGHT : CPU_WEIGHTS.get(Category.LATENCY);
        serverSized(draft, weight, scale);
        draft.storageMiB = draw.between(256, 2048);
        maybeSpread(draft, 0.4);
        draft.antiAffinity = draw.chance(0.3);
        return draft;
    }

    private Draft dpuOffload(int count, double scale) {
        Draft draft = start(Category.DPU_OFFLOAD, count);
        allDay(draft);
        serverSized(draft, CPU_WEIGHTS.get(Category.DPU_OFFLOAD), scale);
        draft.dpus = 1;
        draft.storageMiB = draw.between(256, 2048);
        maybeSpread(draft, 0.3);
        return draft;
    }

    private Draft wasm(int count, double scale) {
        Draft draft = start(Category.WASM, count);
        allDay(draft);
        serverSized(draft, CPU_WEIGHTS.get(Category.WASM), scale);
        draft.storageMiB = draw.between(64, 256);
        draft.sandbox = WASM_MODULE;
        if (draw.chance(0.3)) {
            withUsers(draft, draw.pick(layout.users()), CONTINENTAL_SLO_MS);
        }
        return draft;
    }

    private Draft sandboxed(int count, double scale) {
        Draft draft = start(Category.SANDBOXED, count);
        if (draw.chance(0.5)) {
            draft.kind = WorkloadKind.BATCH; // CI runs and builds of customer code
            deferrable(draft);
        } else {
            allDay(draft);
        }
        serverSized(draft, CPU_WEIGHTS.get(Category.SANDBOXED), scale);
        draft.storageMiB = draw.between(1, 20) * 1024L;
        double choice = draw.uniform(0, 1);
        List<SandboxRuntime> named = sandboxRuntimes.stream()
                .filter(runtime -> !runtime.runsWasm() && runtime.isolation() != IsolationLevel.CONTAINER)
                .toList();
        if (choice < 0.2 && !named.isEmpty()) {
            SandboxRuntime runtime = draw.pick(named);
            draft.sandbox = new SandboxRequirement(false, runtime.isolation(), Optional.of(runtime));
        } else if (choice < 0.5) {
            draft.sandbox = new SandboxRequirement(false, IsolationLevel.MICRO_VM, Optional.empty());
        } else {
            draft.sandbox = new SandboxRequirement(false, IsolationLevel.USER_SPACE_KERNEL, Optional.empty());
        }
        return draft;
    }

    private Draft residencyBound(int count, double scale) {
        Draft draft = start(Category.RESIDENCY, count);
        serverSized(draft, CPU_WEIGHTS.get(Category.RESIDENCY), scale);
        draft.storageMiB = draw.between(1, 10) * 1024L;
        draft.residency = draw.pick(residencyOptions);
        if (draw.chance(0.3)) {
            draft.kind = WorkloadKind.BATCH;
            deferrable(draft);
        } else {
            allDay(draft);
            if (draw.chance(0.4)) {
                draft.userLocation = Optional.of(draw.pick(layout.users()).location());
            }
            maybeSpread(draft, 0.3);
        }
        return draft;
    }

    private Draft colocated(int count, double scale) {
        if (services.isEmpty()) {
            return plain(count, scale); // nothing to depend on yet
        }
        Workload dependency = draw.pick(services);
        Set<String> metros = serviceMetros.get(dependency);
        Draft draft = start(Category.COLOCATED, count);
        allDay(draft);
        draft.tenant = dependency.tenant();
        serverSized(draft, CPU_WEIGHTS.get(Category.COLOCATED), scale);
        draft.storageMiB = draw.between(256, 4096);
        draft.userLocation = dependency.userLocation();
        draft.colocateWith = List.of(dependency.id());
        draft.within = node -> metros.contains(node.cluster().latencyDomain());
        return draft;
    }

    private Draft batch(int count, double scale) {
        Draft draft = start(Category.BATCH, count);
        draft.kind = WorkloadKind.BATCH;
        deferrable(draft);
        serverSized(draft, CPU_WEIGHTS.get(Category.BATCH), scale);
        draft.storageMiB = draw.between(5, 50) * 1024L;
        return draft;
    }

    /**
     * A plain service. Its size aims at what is left of the fleet's target request divided by the plain
     * replicas still to draw ({@code categoryLeft}), so that the last ones land the fleet on its target.
     */
    private Draft general(int count, int categoryLeft, double scale) {
        Draft draft = start(Category.GENERAL, count);
        allDay(draft);
        double cpuMean = (TARGET_UTILISATION * totalCpu - requestedCpu) / categoryLeft;
        double memoryMean = (TARGET_UTILISATION * totalMemory - requestedMemory) / categoryLeft;
        boolean last = count == categoryLeft;
        double cpuJitter = last ? 1 : jitter();
        double memoryJitter = last ? 1 : jitter();
        draft.cpuMillis = cpu(cpuMean * cpuJitter * scale);
        draft.memoryMiB = memory(memoryMean * memoryJitter * scale);
        draft.storageMiB = draw.between(256, 2048);
        if (draw.chance(0.5)) {
            draft.userLocation = Optional.of(draw.pick(layout.users()).location());
        }
        maybeSpread(draft, 0.25);
        draft.antiAffinity = draw.chance(0.25);
        return draft;
    }

    /** The fallback: a plain service of the server pool's mean size, scaled. */
    private Draft plain(int count, double scale) {
        Draft draft = start(Category.GENERAL, count);
        allDay(draft);
        serverSized(draft, CPU_WEIGHTS.get(Category.GENERAL), scale);
        draft.storageMiB = draw.between(256, 2048);
        return draft;
    }

    // ************************************************************************
    // Parts of a draft
    // ************************************************************************

    private Draft start(Category category, int count) {
        Draft draft = new Draft();
        // Numbered in the order workloads are accepted; a draft that does not fit gives its number to the next.
        draft.id = String.format(Locale.ROOT, "%s-%05d", draw.pick(NAMES.get(category)), sequence + 1);
        draft.tenant = draw.pick(TENANTS);
        draft.replicas = count;
        return draft;
    }

    /** Runs for the whole horizon, as a service does. */
    private void allDay(Draft draft) {
        draft.durationSlots = slots;
        draft.releaseSlot = 0;
        draft.deadlineSlot = slots;
    }

    /** A deferrable job: 1-6 slots, released somewhere in the day, with 2-12 slots of slack before its deadline. */
    private void deferrable(Draft draft) {
        draft.durationSlots = draw.between(1, Math.min(MAX_JOB_SLOTS, slots - MIN_SLACK_SLOTS));
        draft.releaseSlot = draw.between(0, slots - draft.durationSlots - MIN_SLACK_SLOTS);
        int slack = draw.between(MIN_SLACK_SLOTS, MAX_SLACK_SLOTS);
        draft.deadlineSlot = Math.min(slots, draft.releaseSlot + draft.durationSlots + slack);
    }

    private void serverSized(Draft draft, double weight, double scale) {
        draft.cpuMillis = cpu(serverCpuUnit * weight * jitter() * scale);
        draft.memoryMiB = memory(draft.cpuMillis * serverMemoryPerMilli * draw.uniform(0.7, 1.3));
    }

    private void withUsers(Draft draft, FleetLayout.Users users, int sloMs) {
        draft.userLocation = Optional.of(users.location());
        draft.latencySloMs = sloMs;
    }

    private boolean reachable(UserLocation users, int sloMs) {
        for (Cluster cluster : layout.clusters()) {
            if (users.rttMs(cluster) <= sloMs) {
                return true;
            }
        }
        return false;
    }

    /** With {@code probability}, spread over 2-3 clusters or regions, as many as the eligible nodes span. */
    private void maybeSpread(Draft draft, double probability) {
        if (draft.replicas < 2 || !draw.chance(probability)) {
            return;
        }
        TopologyKey key = draw.chance(0.5) ? TopologyKey.CLUSTER : TopologyKey.REGION;
        int wanted = draw.between(2, 3);
        Set<Object> domains = new HashSet<>();
        for (Node node : eligibility.eligible(draft.build(), draft.within)) {
            domains.add(node.domain(key));
        }
        int minDomains = Math.min(wanted, domains.size());
        if (minDomains >= 2) {
            draft.spread = Optional.of(new Spread(key, minDomains));
        }
    }

    private double jitter() {
        return draw.uniform(SIZE_JITTER_LOW, SIZE_JITTER_HIGH);
    }

    private static long cpu(double millis) {
        return Math.max(MIN_CPU_MILLIS, Math.round(millis / 10.0) * 10);
    }

    private static long memory(double mib) {
        return Math.max(MIN_MEMORY_MIB, Math.round(mib / 16.0) * 16);
    }

    // ************************************************************************
    // Witness
    // ************************************************************************

    /** Places every replica of the draft in the witness, or none; true when all fit. */
    private boolean tryPlace(Draft draft) {
        Workload workload = draft.build();
        List<Node> eligible = eligibility.eligible(workload, draft.within);
        if (eligible.isEmpty() || (workload.antiAffinity() && eligible.size() < workload.replicas())) {
            return false;
        }
        Resources request = workload.request();
        int requiredDomains = workload.spread().map(spread -> Math.min(spread.minDomains(), workload.replicas())).orElse(0);
        List<Node> chosen = new ArrayList<>();
        Set<Object> domains = new HashSet<>();
        for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
            boolean needNewDomain = domains.size() < requiredDomains;
            Predicate<Node> allowed = node -> (!workload.antiAffinity() || !chosen.contains(node))
                    && (!needNewDomain || !domains.contains(node.domain(workload.spread().get().topologyKey())));
            Node node = choose(eligible, request, allowed);
            if (node == null) {
                for (Node placed : chosen) {
                    ledger.release(placed, request);
                }
                return false;
            }
            ledger.reserve(node, request);
            chosen.add(node);
            workload.spread().ifPresent(spread -> domains.add(node.domain(spread.topologyKey())));
        }
        accept(workload, chosen);
        return true;
    }

    /** The roomiest of a few random eligible nodes that can take the request, else the first that can. */
    private Node choose(List<Node> eligible, Resources request, Predicate<Node> allowed) {
        Node best = null;
        double bestRoom = -1;
        for (int probe = 0; probe < PROBES; probe++) {
            Node node = eligible.get(draw.index(eligible.size()));
            if (allowed.test(node) && ledger.fits(node, request)) {
                double room = ledger.roominess(node);
                if (room > bestRoom) {
                    best = node;
                    bestRoom = room;
                }
            }
        }
        if (best != null) {
            return best;
        }
        int start = draw.index(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            Node node = eligible.get((start + i) % eligible.size());
            if (allowed.test(node) && ledger.fits(node, request)) {
                return node;
            }
        }
        return null;
    }

    private void accept(Workload workload, List<Node> nodes) {
        sequence++;
        workloads.add(workload);
        Set<String> metros = new HashSet<>();
        for (int ordinal = 0; ordinal < nodes.size(); ordinal++) {
            Replica replica = new Replica(workload, ordinal);
            replicas.add(replica);
            witness.add(new GeneratedFleet.WitnessPlacement(replica, nodes.get(ordinal), workload.releaseSlot()));
            metros.add(nodes.get(ordinal).cluster().latencyDomain());
        }
        requestedCpu += workload.request().cpuMillis() * workload.replicas();
        requestedMemory += workload.request().memoryMiB() * workload.replicas();
        if (workload.kind() == WorkloadKind.SERVICE) {
            services.add(workload);
            serviceMetros.put(workload, metros);
        }
    }
}
