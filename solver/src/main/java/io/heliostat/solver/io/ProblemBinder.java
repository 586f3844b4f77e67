package io.heliostat.solver.io;

import static io.heliostat.solver.io.JsonValues.booleanOr;
import static io.heliostat.solver.io.JsonValues.doubleOr;
import static io.heliostat.solver.io.JsonValues.elements;
import static io.heliostat.solver.io.JsonValues.intOr;
import static io.heliostat.solver.io.JsonValues.optionalInt;
import static io.heliostat.solver.io.JsonValues.stringMap;
import static io.heliostat.solver.io.JsonValues.stringSet;
import static io.heliostat.solver.io.JsonValues.text;
import static io.heliostat.solver.io.JsonValues.textOr;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
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
 * Builds the model from a schema-checked problem document and checks what the schema cannot say:
 * references between sections, duplicate ids, co-location cycles, job windows against the horizon, one
 * signal kind per problem. Every error goes to the collector with its path; an element with an error is
 * not built, and what refers to it is skipped silently (its own error already explains it).
 */
final class ProblemBinder {

    static final JsonPath ZONES = JsonPath.ROOT.field("zones");
    static final JsonPath CLUSTERS = JsonPath.ROOT.field("clusters");
    static final JsonPath NODES = JsonPath.ROOT.field("nodes");
    static final JsonPath USER_LOCATIONS = JsonPath.ROOT.field("userLocations");
    static final JsonPath WORKLOADS = JsonPath.ROOT.field("workloads");
    static final JsonPath CURRENT_PLACEMENT = JsonPath.ROOT.field("currentPlacement");

    private final JsonNode root;
    private final ErrorCollector errors;
    private final ZoneTraceResolver traces;
    private final Path baseDirectory;

    private Horizon horizon;
    /** The horizon's slot count, known even when its start is not, so that windows and intensities are checked. */
    private Integer slots;

    /** Every declared id (first declaration), built or not: a reference to it is not "unknown". */
    private final Map<String, JsonPath> zoneIds = new LinkedHashMap<>();
    private final Map<String, JsonPath> clusterIds = new LinkedHashMap<>();
    private final Map<String, JsonPath> nodeIds = new LinkedHashMap<>();
    private final Map<String, JsonPath> userLocationIds = new LinkedHashMap<>();
    private final Map<String, JsonPath> workloadIds = new LinkedHashMap<>();

    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, UserLocation> userLocations = new HashMap<>();
    private final Map<String, Workload> workloads = new LinkedHashMap<>();

    ProblemBinder(JsonNode root, ErrorCollector errors, ZoneTraceResolver traces, Path baseDirectory) {
        this.root = root;
        this.errors = errors;
        this.traces = traces;
        this.baseDirectory = baseDirectory;
    }

    /** The plan, or empty when the collector has errors (then every error found is in it). */
    /** The user locations the file declares, by id: bound by {@link #bind()}, whether workloads use them or not. */
    Map<String, UserLocation> declaredUserLocations() {
        return Map.copyOf(userLocations);
    }

    Optional<FleetPlan> bind() {
        horizon = horizon(root.path("horizon"), JsonPath.ROOT.field("horizon"));
        PlacementPolicy policy = policy(root.path("policy"), JsonPath.ROOT.field("policy"));
        declare(root.path("zones"), ZONES, "zone", zoneIds);
        declare(root.path("clusters"), CLUSTERS, "cluster", clusterIds);
        declare(root.path("nodes"), NODES, "node", nodeIds);
        declare(root.path("userLocations"), USER_LOCATIONS, "user location", userLocationIds);
        declare(root.path("workloads"), WORKLOADS, "workload", workloadIds);

        zones();
        clusters();
        nodes();
        userLocations();
        workloads();
        colocationCycles();
        List<Replica> replicas = currentPlacement();

        if (errors.isEmpty() && (horizon == null || policy == null)) {
            errors.add(JsonPath.ROOT, "has no usable horizon or policy"); // the schema should have said why
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FleetPlan(horizon, policy, List.copyOf(zones.values()), List.copyOf(clusters.values()),
                    List.copyOf(nodes.values()), List.copyOf(workloads.values()), replicas));
        } catch (IllegalArgumentException e) {
            // The checks above are meant to catch all of the plan's own rules; this is the backstop.
            errors.add(JsonPath.ROOT, e.getMessage());
            return Optional.empty();
        }
    }

    // ************************************************************************
    // Horizon and policy
    // ************************************************************************

    private Horizon horizon(JsonNode node, JsonPath path) {
        Instant start = null;
        Optional<String> startText = text(node.path("start"));
        if (startText.isPresent()) {
            try {
                start = OffsetDateTime.parse(startText.get()).toInstant();
            } catch (DateTimeParseException e) {
                errors.addUnlessReported(path.field("start"),
                        "must be an RFC 3339 instant such as 2022-06-15T00:00:00Z, was \"" + startText.get() + "\"");
            }
        }
        int slotMinutes = intOr(node.path("slotMinutes"), (int) Horizon.DEFAULT_SLOT_LENGTH.toMinutes());
        int slotCount = intOr(node.path("slots"), Horizon.DEFAULT_SLOTS);
        if (!errors.hasErrorsAt(path.field("slots"))) {
            slots = slotCount;
        }
        if (start == null || errors.hasErrorsAt(path)) {
            return null;
        }
        Instant horizonStart = start;
        return build(path, () -> new Horizon(horizonStart, Duration.ofMinutes(slotMinutes), slotCount));
    }

    private PlacementPolicy policy(JsonNode node, JsonPath path) {
        double carbon = doubleOr(node.path("carbon"), PlacementPolicy.DEFAULT_CARBON);
        double energy = doubleOr(node.path("energyGramsPerKwh"), PlacementPolicy.DEFAULT_ENERGY_GRAMS_PER_KWH);
        double latency = doubleOr(node.path("latencyGramsPerMs"), PlacementPolicy.DEFAULT_LATENCY_GRAMS_PER_MS);
        double migration = doubleOr(node.path("migrationGramsPerMove"), PlacementPolicy.DEFAULT_MIGRATION_GRAMS_PER_MOVE);
        double headroomTarget = doubleOr(node.path("headroomTarget"), PlacementPolicy.DEFAULT_HEADROOM_TARGET);
        double headroomPrice = doubleOr(node.path("headroomGramsPerCoreHour"), PlacementPolicy.DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR);
        double preferNoSchedule = doubleOr(node.path("preferNoScheduleGrams"), PlacementPolicy.DEFAULT_PREFER_NO_SCHEDULE_GRAMS);
        MigrationMode mode = text(node.path("migrationMode")).flatMap(t -> Vocabulary.parse(MigrationMode.class, t))
                .orElse(PlacementPolicy.DEFAULT_MIGRATION_MODE);
        double security = doubleOr(node.path("sandboxSecurityWeight"), PlacementPolicy.DEFAULT_SANDBOX_SECURITY_WEIGHT);
        double performance = doubleOr(node.path("sandboxPerformanceWeight"), PlacementPolicy.DEFAULT_SANDBOX_PERFORMANCE_WEIGHT);
        if (errors.hasErrorsAt(path)) {
            return null;
        }
        return build(path, () -> new PlacementPolicy(carbon, energy, latency, migration, headroomTarget, headroomPrice,
                preferNoSchedule, mode, security, performance));
    }

    // ************************************************************************
    // Ids and references
    // ************************************************************************

    private void declare(JsonNode array, JsonPath arrayPath, String what, Map<String, JsonPath> ids) {
        List<JsonNode> elements = elements(array);
        for (int i = 0; i < elements.size(); i++) {
            JsonPath path = arrayPath.index(i);
            Optional<String> id = text(elements.get(i).path("id"));
            if (id.isEmpty()) {
                continue;
            }
            JsonPath first = ids.putIfAbsent(id.get(), path);
            if (first != null) {
                errors.add(path.field("id"), "duplicate " + what + " id '" + id.get() + "': " + first + " already has it; ids must be unique");
            }
        }
    }

    /** True when the element at {@code path} holds the first declaration of its id (a duplicate is not built). */
    private static boolean declaredHere(Map<String, JsonPath> ids, String id, JsonPath path) {
        return path.equals(ids.get(id));
    }

    /**
     * Checks a reference and returns the built object it names: empty when the id is unknown (an error) or
     * names an element that has errors of its own (already reported).
     */
    private <T> Optional<T> resolve(JsonNode reference, JsonPath path, String what, Map<String, JsonPath> declared,
                                    Map<String, T> built) {
        Optional<String> id = text(reference);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!declared.containsKey(id.get())) {
            errors.add(path, "no " + what + " has id '" + id.get() + "'; " + known(what, declared.keySet()));
            return Optional.empty();
        }
        return Optional.ofNullable(built.get(id.get()));
    }

    private static String known(String what, Set<String> ids) {
        return ids.isEmpty() ? "the file declares no " + what + "s" : "known: " + String.join(", ", ids);
    }

    // ************************************************************************
    // Zones, clusters, nodes
    // ************************************************************************

    private void zones() {
        List<JsonNode> elements = elements(root.path("zones"));
        SignalKind problemSignal = null;
        JsonPath problemSignalPath = null;
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = ZONES.index(i);
            Optional<String> id = text(node.path("id"));
            Optional<SignalKind> signal = text(node.path("signal")).flatMap(t -> Vocabulary.parse(SignalKind.class, t));
            if (signal.isPresent()) {
                // Average and marginal intensities answer different questions: one plan never compares them.
                if (problemSignal == null) {
                    problemSignal = signal.get();
                    problemSignalPath = path;
                } else if (signal.get() != problemSignal) {
                    errors.add(path.field("signal"), "is " + Vocabulary.signal(signal.get()) + " but " + problemSignalPath
                            + " is " + Vocabulary.signal(problemSignal) + "; all zones of a problem must use the same signal kind, "
                            + "since average and marginal intensities must never be compared");
                }
            }
            double[] intensities = intensities(node, path, signal);
            if (id.isEmpty() || signal.isEmpty() || intensities == null || horizon == null || errors.hasErrorsAt(path)
                    || !declaredHere(zoneIds, id.get(), path)) {
                continue;
            }
            Zone zone = build(path, () -> new Zone(id.get(), signal.get(), intensities, horizon.slotHours()));
            if (zone != null) {
                zones.put(id.get(), zone);
            }
        }
    }

    /**
     * One intensity per slot of the horizon, inline or from the trace; values past the horizon are dropped
     * so that every per-zone sum (idle carbon runs over all of a zone's slots) covers the horizon only.
     */
    private double[] intensities(JsonNode zone, JsonPath path, Optional<SignalKind> signal) {
        double[] values;
        JsonPath valuesPath;
        if (zone.path("intensity").isArray()) {
            valuesPath = path.field("intensity");
            values = elements(zone.path("intensity")).stream().mapToDouble(v -> doubleOr(v, Double.NaN)).toArray();
        } else if (zone.path("trace").isObject()) {
            valuesPath = path.field("trace");
            Optional<ZoneTraceReference> reference = traceReference(zone.path("trace"));
            if (reference.isEmpty() || horizon == null || signal.isEmpty() || errors.hasErrorsAt(valuesPath)) {
                return null;
            }
            try {
                values = Objects.requireNonNull(traces.intensities(reference.get(), signal.get(), horizon), "the trace resolver gave no values");
            } catch (IOException | RuntimeException e) {
                errors.add(valuesPath, "cannot read the " + reference.get() + ": " + Objects.toString(e.getMessage(), e.toString()));
                return null;
            }
        } else {
            return null;
        }
        if (slots == null) {
            return null;
        }
        if (values.length < slots) {
            errors.add(valuesPath, "has " + values.length + " intensity values but the horizon has " + slots
                    + " slots; give one gCO2e/kWh value per slot from the horizon's start");
            return null;
        }
        return Arrays.copyOf(values, slots);
    }

    private Optional<ZoneTraceReference> traceReference(JsonNode trace) {
        Optional<String> file = text(trace.path("file"));
        if (file.isPresent()) {
            // Relative to the problem file, so that a problem and its traces move together.
            return Optional.of(new ZoneTraceReference.TraceFile(baseDirectory.resolve(file.get()).normalize()));
        }
        return text(trace.path("bundled")).map(ZoneTraceReference.BundledTrace::new);
    }

    private void clusters() {
        List<JsonNode> elements = elements(root.path("clusters"));
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = CLUSTERS.index(i);
            Optional<String> id = text(node.path("id"));
            Optional<ClusterKind> kind = text(node.path("kind")).flatMap(t -> Vocabulary.parse(ClusterKind.class, t));
            Optional<Zone> zone = resolve(node.path("zone"), path.field("zone"), "zone", zoneIds, zones);
            Location location = location(node.path("location"), path.field("location"));
            if (id.isEmpty() || kind.isEmpty() || zone.isEmpty() || location == null || errors.hasErrorsAt(path)
                    || !declaredHere(clusterIds, id.get(), path)) {
                continue;
            }
            int index = i;
            Cluster cluster = build(path, () -> new Cluster(id.get(), kind.get(), textOr(node.path("provider"), ""),
                    textOr(node.path("region"), null), textOr(node.path("latencyDomain"), null), zone.get(),
                    stringSet(node.path("residency")), location, index));
            if (cluster != null) {
                clusters.put(id.get(), cluster);
            }
        }
    }

    private Location location(JsonNode node, JsonPath path) {
        if (!node.path("lat").isNumber() || !node.path("lon").isNumber()) {
            return null;
        }
        return build(path, () -> new Location(node.path("lat").asDouble(), node.path("lon").asDouble()));
    }

    private void nodes() {
        List<JsonNode> elements = elements(root.path("nodes"));
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = NODES.index(i);
            Optional<String> id = text(node.path("id"));
            Optional<Cluster> cluster = resolve(node.path("cluster"), path.field("cluster"), "cluster", clusterIds, clusters);
            Resources capacity = resources(node.path("capacity"), path.field("capacity"), false);
            PowerProfile power = power(node.path("power"), path.field("power"));
            double budget = doubleOr(node.path("powerBudgetWatts"), 0);
            if (power != null && budget > 0 && budget < power.idleWatts()) {
                errors.add(path.field("powerBudgetWatts"), "is " + budget + " W, below the node's idleWatts of "
                        + power.idleWatts() + " W: the node could never run anything; give 0 for no budget or at least idleWatts");
            }
            List<Taint> taints = taints(node.path("taints"), path.field("taints"));
            Set<SandboxRuntime> runtimes = node.has("runtimes") ? runtimes(node.path("runtimes")) : EnumSet.of(SandboxRuntime.RUNC);
            if (id.isEmpty() || cluster.isEmpty() || capacity == null || power == null || errors.hasErrorsAt(path)
                    || !declaredHere(nodeIds, id.get(), path)) {
                continue;
            }
            int index = i;
            Node built = build(path, () -> new Node(id.get(), cluster.get(), capacity, power, budget,
                    stringMap(node.path("labels")), taints, runtimes, index));
            if (built != null) {
                nodes.put(id.get(), built);
            }
        }
    }

    private PowerProfile power(JsonNode node, JsonPath path) {
        if (!node.path("idleWatts").isNumber() || !node.path("maxWatts").isNumber()) {
            return null;
        }
        return build(path, () -> new PowerProfile(node.path("idleWatts").asDouble(), node.path("maxWatts").asDouble(),
                doubleOr(node.path("wattsPerGpu"), 0)));
    }

    private List<Taint> taints(JsonNode array, JsonPath path) {
        List<Taint> taints = new ArrayList<>();
        List<JsonNode> elements = elements(array);
        for (int i = 0; i < elements.size(); i++) {
            JsonNode taint = elements.get(i);
            Optional<String> key = text(taint.path("key"));
            Optional<TaintEffect> effect = text(taint.path("effect")).flatMap(Vocabulary::taintEffect);
            if (key.isPresent() && effect.isPresent()) {
                Taint built = build(path.index(i), () -> new Taint(key.get(), textOr(taint.path("value"), ""), effect.get()));
                if (built != null) {
                    taints.add(built);
                }
            }
        }
        return taints;
    }

    private static Set<SandboxRuntime> runtimes(JsonNode array) {
        Set<SandboxRuntime> runtimes = EnumSet.noneOf(SandboxRuntime.class);
        for (String id : JsonValues.strings(array)) {
            Vocabulary.sandboxRuntime(id).ifPresent(runtimes::add);
        }
        return runtimes;
    }

    /**
     * @param request true for what a replica asks (byte amounts round up to whole MiB), false for what a
     *                node offers (they round down)
     */
    private Resources resources(JsonNode node, JsonPath path, boolean request) {
        if (!node.isObject()) {
            return null;
        }
        long cpu = quantity(node.path("cpu"), path.field("cpu"), true, request);
        long memory = quantity(node.path("memory"), path.field("memory"), false, request);
        int gpus = intOr(node.path("gpu"), 0);
        int dpus = intOr(node.path("dpu"), 0);
        long storage = quantity(node.path("ephemeralStorage"), path.field("ephemeralStorage"), false, request);
        if (errors.hasErrorsAt(path)) {
            return null;
        }
        return build(path, () -> new Resources(cpu, memory, gpus, dpus, storage));
    }

    /** Millicores for CPU, MiB for bytes; 0 when absent. */
    private long quantity(JsonNode node, JsonPath path, boolean cpu, boolean roundUp) {
        if (node.isMissingNode()) {
            return 0;
        }
        String allowed = cpu ? "a Kubernetes CPU quantity such as \"500m\", \"2\" or 1.5 (cores)"
                : "a Kubernetes byte quantity such as \"512Mi\", \"8Gi\" or \"1G\"";
        BigDecimal amount;
        if (node.isTextual()) {
            try {
                amount = Quantities.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                errors.addUnlessReported(path, "must be " + allowed + ", was " + node);
                return 0;
            }
        } else if (node.isNumber() && node.decimalValue().signum() >= 0) {
            amount = node.decimalValue();
        } else {
            errors.addUnlessReported(path, "must be " + allowed + ", was " + node);
            return 0;
        }
        try {
            return cpu ? Quantities.cpuMillis(amount) : Quantities.mebibytes(amount, roundUp);
        } catch (IllegalArgumentException e) {
            errors.addUnlessReported(path, e.getMessage() + ", was " + node);
            return 0;
        }
    }

    // ************************************************************************
    // User locations
    // ************************************************************************

    /** Default access-network and processing time added to the RTT estimated from distance. */
    static final int DEFAULT_ACCESS_MS = 5;

    private void userLocations() {
        List<JsonNode> elements = elements(root.path("userLocations"));
        List<JsonNode> clusterElements = elements(root.path("clusters"));
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = USER_LOCATIONS.index(i);
            Optional<String> id = text(node.path("id"));
            Location location = node.has("location") ? location(node.path("location"), path.field("location")) : null;
            int accessMs = intOr(node.path("accessMs"), DEFAULT_ACCESS_MS);
            Map<String, Integer> measured = new HashMap<>();
            node.path("rttMs").properties().forEach(entry -> {
                if (!clusterIds.containsKey(entry.getKey())) {
                    errors.add(path.field("rttMs").field(entry.getKey()),
                            "names no cluster; " + known("cluster", clusterIds.keySet()));
                }
                optionalInt(entry.getValue()).ifPresent(ms -> measured.put(entry.getKey(), ms));
            });
            // Measured RTT wins; otherwise estimate it from geography.
            int[] rttByCluster = new int[clusterElements.size()];
            List<String> missing = new ArrayList<>();
            for (Cluster cluster : clusters.values()) {
                Integer rtt = measured.get(cluster.id());
                if (rtt == null && location != null) {
                    rtt = location.estimatedRttMs(cluster.location(), accessMs);
                }
                if (rtt == null) {
                    missing.add(cluster.id());
                } else {
                    rttByCluster[cluster.index()] = rtt;
                }
            }
            if (location == null && !node.has("location") && !missing.isEmpty()) {
                errors.add(path, "has no location, so rttMs must give the RTT to every cluster; missing: " + String.join(", ", missing));
            }
            if (id.isEmpty() || errors.hasErrorsAt(path) || !declaredHere(userLocationIds, id.get(), path)) {
                continue;
            }
            userLocations.put(id.get(), new UserLocation(id.get(), rttByCluster));
        }
    }

    // ************************************************************************
    // Workloads
    // ************************************************************************

    private void workloads() {
        List<JsonNode> elements = elements(root.path("workloads"));
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = WORKLOADS.index(i);
            Optional<String> id = text(node.path("id"));
            Optional<WorkloadKind> kind = text(node.path("kind")).flatMap(t -> Vocabulary.parse(WorkloadKind.class, t));
            Resources request = resources(node.path("requests"), path.field("requests"), true);
            int replicas = intOr(node.path("replicas"), 1);
            List<Toleration> tolerations = tolerations(node.path("tolerations"), path.field("tolerations"));
            SandboxRequirement sandbox = node.has("sandbox") ? sandbox(node.path("sandbox"), path.field("sandbox"))
                    : SandboxRequirement.ANY_CONTAINER;
            Optional<UserLocation> userLocation = resolve(node.path("userLocation"), path.field("userLocation"),
                    "user location", userLocationIds, userLocations);
            int latencySloMs = intOr(node.path("latencySloMs"), 0);
            if (latencySloMs > 0 && !node.has("userLocation")) {
                errors.add(path.field("latencySloMs"), "needs a userLocation: the SLO bounds the RTT from the users' location "
                        + "to the replica's cluster; name one of userLocations or leave the SLO out");
            }
            Optional<Spread> spread = node.has("spread") ? spread(node.path("spread"), path.field("spread")) : Optional.empty();
            List<String> colocateWith = colocateWith(node.path("colocateWith"), path.field("colocateWith"), id);
            Window window = window(node, path);
            // Fields and defaults of the problem's policy block: a workload's policy is a whole one, as the
            // controller's named policies are, not a patch on the problem's.
            Optional<PlacementPolicy> policy = node.has("policy")
                    ? Optional.ofNullable(policy(node.path("policy"), path.field("policy"))) : Optional.empty();
            if (id.isEmpty() || kind.isEmpty() || request == null || sandbox == null || window == null
                    || (node.has("userLocation") && userLocation.isEmpty()) || errors.hasErrorsAt(path)
                    || !declaredHere(workloadIds, id.get(), path)) {
                continue;
            }
            Workload workload = build(path, () -> new Workload(id.get(), textOr(node.path("tenant"), ""), kind.get(), request,
                    replicas, stringMap(node.path("nodeSelector")), tolerations, sandbox, stringSet(node.path("residency")),
                    userLocation, latencySloMs, spread, booleanOr(node.path("antiAffinity"), false), colocateWith,
                    window.durationSlots, window.releaseSlot, window.deadlineSlot, policy));
            if (workload != null) {
                workloads.put(id.get(), workload);
            }
        }
    }

    private record Window(int releaseSlot, int durationSlots, int deadlineSlot) {
    }

    /**
     * When a job may run. Everything defaults to the whole horizon, which is what a service does; a job
     * names its duration and, to be deferrable, a window longer than that.
     */
    private Window window(JsonNode node, JsonPath path) {
        if (slots == null) {
            return null;
        }
        int release = intOr(node.path("releaseSlot"), 0);
        int deadline = intOr(node.path("deadlineSlot"), slots);
        if (deadline > slots) {
            errors.add(path.field("deadlineSlot"), "must be at most " + slots + ", the horizon's slot count "
                    + "(deadlineSlot is the exclusive slot the job must have finished by), was " + deadline);
            return null;
        }
        if (release >= deadline) {
            errors.add(path.field("releaseSlot"), "must be before deadlineSlot (" + deadline + "), was " + release);
            return null;
        }
        int duration = intOr(node.path("durationSlots"), deadline - release);
        if (release + duration > deadline) {
            errors.add(path.field("durationSlots"), "is " + duration + " slots, but the window from releaseSlot " + release
                    + " to deadlineSlot " + deadline + " has only " + (deadline - release) + "; the job could never finish in time");
            return null;
        }
        return new Window(release, duration, deadline);
    }

    private List<Toleration> tolerations(JsonNode array, JsonPath path) {
        List<Toleration> tolerations = new ArrayList<>();
        List<JsonNode> elements = elements(array);
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath elementPath = path.index(i);
            Optional<Toleration.Operator> operator = Vocabulary.parseOperator(textOr(node.path("operator"), "Equal"));
            if (operator.equals(Optional.of(Toleration.Operator.EXISTS)) && node.has("value")) {
                errors.add(elementPath.field("value"), "must be left out with operator Exists, which matches any value");
            }
            Optional<TaintEffect> effect = text(node.path("effect")).flatMap(Vocabulary::taintEffect);
            if (operator.isEmpty() || (node.has("effect") && effect.isEmpty()) || errors.hasErrorsAt(elementPath)) {
                continue;
            }
            Toleration built = build(elementPath, () -> new Toleration(textOr(node.path("key"), ""), operator.get(),
                    textOr(node.path("value"), ""), effect));
            if (built != null) {
                tolerations.add(built);
            }
        }
        return tolerations;
    }

    private SandboxRequirement sandbox(JsonNode node, JsonPath path) {
        boolean wasm = booleanOr(node.path("wasmModule"), false);
        Optional<IsolationLevel> minIsolation = Vocabulary.parse(IsolationLevel.class, textOr(node.path("minIsolation"), "container"));
        Optional<SandboxRuntime> runtime = text(node.path("runtime")).flatMap(Vocabulary::sandboxRuntime);
        if (minIsolation.isEmpty() || (node.has("runtime") && runtime.isEmpty())) {
            return null;
        }
        return build(path, () -> new SandboxRequirement(wasm, minIsolation.get(), runtime));
    }

    private Optional<Spread> spread(JsonNode node, JsonPath path) {
        Optional<TopologyKey> key = text(node.path("topologyKey")).flatMap(t -> Vocabulary.parse(TopologyKey.class, t));
        Optional<Integer> minDomains = optionalInt(node.path("minDomains"));
        if (key.isEmpty() || minDomains.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(build(path, () -> new Spread(key.get(), minDomains.get())));
    }

    private List<String> colocateWith(JsonNode array, JsonPath path, Optional<String> self) {
        List<String> ids = new ArrayList<>();
        List<JsonNode> elements = elements(array);
        for (int i = 0; i < elements.size(); i++) {
            Optional<String> id = text(elements.get(i));
            if (id.isEmpty()) {
                continue;
            }
            if (id.equals(self)) {
                errors.add(path.index(i), "names the workload itself; colocateWith lists the workloads this one depends on");
            } else if (!workloadIds.containsKey(id.get())) {
                errors.add(path.index(i), "no workload has id '" + id.get() + "'; " + known("workload", workloadIds.keySet()));
            }
            ids.add(id.get());
        }
        return ids;
    }

    /**
     * A co-location cycle (a needs b near it, b needs a) is reported at the entry that closes it: each
     * workload would wait for the other, and it almost always means a dependency written the wrong way round.
     */
    private void colocationCycles() {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        List<JsonNode> elements = elements(root.path("workloads"));
        for (int i = 0; i < elements.size(); i++) {
            JsonPath path = WORKLOADS.index(i);
            JsonNode workload = elements.get(i);
            text(workload.path("id")).filter(id -> declaredHere(workloadIds, id, path))
                    .ifPresent(id -> dependencies.put(id, JsonValues.strings(workload.path("colocateWith"))));
        }
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited; 1: on the current path; 2: done
        for (String start : dependencies.keySet()) {
            visit(start, dependencies, state, new ArrayList<>());
        }
    }

    private void visit(String workload, Map<String, List<String>> dependencies, Map<String, Integer> state, List<String> trail) {
        if (state.containsKey(workload)) {
            return;
        }
        state.put(workload, 1);
        trail.add(workload);
        List<String> dependsOn = dependencies.getOrDefault(workload, List.of());
        for (int k = 0; k < dependsOn.size(); k++) {
            String dependency = dependsOn.get(k);
            if (dependency.equals(workload) || !dependencies.containsKey(dependency)) {
                continue; // reported as self-reference or unknown id
            }
            if (Integer.valueOf(1).equals(state.get(dependency))) {
                List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(dependency), trail.size()));
                cycle.add(dependency);
                errors.add(workloadIds.get(workload).field("colocateWith").index(k), "closes a co-location cycle "
                        + String.join(" -> ", cycle) + "; a workload must not depend, directly or through others, on one that depends on it");
            } else {
                visit(dependency, dependencies, state, trail);
            }
        }
        trail.remove(trail.size() - 1);
        state.put(workload, 2);
    }

    // ************************************************************************
    // Current placement
    // ************************************************************************

    /**
     * Where replicas run now. The current placement is also where the solver starts from: each listed
     * replica is assigned its current node and start slot, so an unsolved problem scores as things stand.
     */
    private List<Replica> currentPlacement() {
        List<Replica> replicas = new ArrayList<>();
        Map<String, JsonPath> seen = new HashMap<>();
        List<JsonNode> elements = elements(root.path("currentPlacement"));
        for (int i = 0; i < elements.size(); i++) {
            JsonNode node = elements.get(i);
            JsonPath path = CURRENT_PLACEMENT.index(i);
            Optional<String> replicaId = text(node.path("replica"));
            Optional<Node> onNode = resolve(node.path("node"), path.field("node"), "node", nodeIds, nodes);
            if (replicaId.isEmpty() || errors.hasErrorsAt(path.field("replica"))) {
                continue;
            }
            JsonPath first = seen.putIfAbsent(replicaId.get(), path);
            if (first != null) {
                errors.add(path.field("replica"), "lists replica " + replicaId.get() + " again: " + first + " already places it");
                continue;
            }
            Optional<ReplicaId> parsed = ReplicaId.parse(replicaId.get());
            if (parsed.isEmpty()) {
                errors.add(path.field("replica"), "must be a replica id <workload>#<ordinal>, such as web#0, was \"" + replicaId.get() + "\"");
                continue;
            }
            String workloadId = parsed.get().workload();
            if (!workloadIds.containsKey(workloadId)) {
                errors.add(path.field("replica"), "names no workload: there is no workload '" + workloadId + "'; "
                        + known("workload", workloadIds.keySet()));
                continue;
            }
            Workload workload = workloads.get(workloadId);
            if (workload == null) {
                continue;
            }
            int ordinal = parsed.get().ordinal();
            if (ordinal >= workload.replicas()) {
                errors.add(path.field("replica"), "is beyond workload " + workloadId + "'s " + workload.replicas()
                        + " replicas (" + workloadId + "#0.." + workloadId + "#" + (workload.replicas() - 1) + ")");
                continue;
            }
            int latestStart = latestStart(workload);
            int startSlot = intOr(node.path("startSlot"), workload.releaseSlot());
            if (startSlot < workload.releaseSlot() || startSlot > latestStart) {
                errors.add(path.field("startSlot"), "must be " + workload.releaseSlot() + ".." + latestStart
                        + " (from the workload's releaseSlot to its deadlineSlot minus durationSlots), was " + startSlot);
                continue;
            }
            if (onNode.isEmpty()) {
                continue;
            }
            Replica replica = new Replica(workload, ordinal, onNode.get(), startSlot);
            replica.setCurrentNode(onNode.get());
            replicas.add(replica);
        }
        return replicas;
    }

    // ************************************************************************

    /** The last slot a replica of {@code workload} may start in: the top of {@code Replica}'s start-slot range. */
    static int latestStart(Workload workload) {
        return Math.max(workload.releaseSlot(), workload.deadlineSlot() - workload.durationSlots());
    }

    /**
     * Runs a domain constructor; its IllegalArgumentException becomes an error at {@code path}. Nothing is
     * built from a value already reported: the constructor would only restate the error.
     */
    private <T> T build(JsonPath path, Supplier<T> constructor) {
        if (errors.hasErrorsAt(path)) {
            return null;
        }
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            errors.add(path, e.getMessage());
            return null;
        }
    }
}
