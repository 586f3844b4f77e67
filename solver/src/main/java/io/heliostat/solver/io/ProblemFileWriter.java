package io.heliostat.solver.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;

/**
 * Writes a {@link FleetPlan} as a problem file that {@link ProblemFileReader} reads back to the same model:
 * intensities inline, user locations as measured RTT to every cluster (the model keeps no coordinates for
 * them), fields at their default left out. The current placement is written from each replica's current
 * node; where a replica is assigned is a plan's business, not a problem's ({@link PlanFileWriter}).
 */
public final class ProblemFileWriter {

    private ProblemFileWriter() {
    }

    /** Optional free text for the file's {@code metadata}. */
    public record Metadata(String name, String description) {

        public static final Metadata NONE = new Metadata("", "");

        public Metadata {
            name = name == null ? "" : name;
            description = description == null ? "" : description;
        }
    }

    /** Writes atomically: {@code target} is either left as it was or replaced by the complete file. */
    public static void write(FleetPlan plan, Path target) throws IOException {
        write(plan, Metadata.NONE, target);
    }

    public static void write(FleetPlan plan, Metadata metadata, Path target) throws IOException {
        String json = toJson(plan, metadata);
        JsonFiles.writeAtomically(target, json);
    }

    public static String toJson(FleetPlan plan) {
        return toJson(plan, Metadata.NONE);
    }

    public static String toJson(FleetPlan plan, Metadata metadata) {
        return JsonFiles.pretty(toTree(plan, metadata));
    }

    static ObjectNode toTree(FleetPlan plan, Metadata metadata) {
        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.put("apiVersion", FileKinds.API_VERSION);
        root.put("kind", FileKinds.PROBLEM);
        if (!metadata.name().isEmpty() || !metadata.description().isEmpty()) {
            ObjectNode meta = root.putObject("metadata");
            putIfNotEmpty(meta, "name", metadata.name());
            putIfNotEmpty(meta, "description", metadata.description());
        }
        root.set("horizon", horizon(plan.getHorizon()));
        root.set("policy", policy(plan.getPolicy()));
        ArrayNode zones = root.putArray("zones");
        plan.getZones().forEach(zone -> zones.add(zone(zone, plan.getHorizon())));
        ArrayNode clusters = root.putArray("clusters");
        plan.getClusters().forEach(cluster -> clusters.add(cluster(cluster)));
        ArrayNode nodes = root.putArray("nodes");
        plan.getNodes().forEach(node -> nodes.add(node(node)));
        Map<String, UserLocation> userLocations = new LinkedHashMap<>();
        plan.getWorkloads().forEach(w -> w.userLocation().ifPresent(u -> userLocations.putIfAbsent(u.id(), u)));
        if (!userLocations.isEmpty()) {
            ArrayNode locations = root.putArray("userLocations");
            userLocations.values().forEach(location -> locations.add(userLocation(location, plan.getClusters())));
        }
        ArrayNode workloads = root.putArray("workloads");
        plan.getWorkloads().forEach(workload -> workloads.add(workload(workload, plan.getHorizon())));
        List<Replica> current = plan.getReplicas().stream().filter(r -> r.getCurrentNode() != null).toList();
        if (!current.isEmpty()) {
            ArrayNode placement = root.putArray("currentPlacement");
            for (Replica replica : current) {
                ObjectNode entry = placement.addObject();
                entry.put("replica", replica.getId());
                entry.put("node", replica.getCurrentNode().id());
                // The model keeps one start slot: it is the current one while the replica is on its current node.
                if (replica.getNode() == replica.getCurrentNode() && replica.getStartSlot() != null
                        && replica.getStartSlot() != replica.getWorkload().releaseSlot()) {
                    entry.put("startSlot", replica.getStartSlot());
                }
            }
        }
        return root;
    }

    static ObjectNode horizon(Horizon horizon) {
        Duration length = horizon.slotLength();
        if (length.toSeconds() % 60 != 0 || length.toNanosPart() != 0) {
            throw new IllegalArgumentException("a problem file gives slot lengths in whole minutes; the horizon's is " + length);
        }
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("start", horizon.start().toString());
        node.put("slotMinutes", length.toMinutes());
        node.put("slots", horizon.slots());
        return node;
    }

    private static ObjectNode policy(PlacementPolicy policy) {
        // Every weight, defaults included: a problem file should price the same whatever the defaults become.
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("carbon", policy.carbon());
        node.put("energyGramsPerKwh", policy.energyGramsPerKwh());
        node.put("latencyGramsPerMs", policy.latencyGramsPerMs());
        node.put("migrationGramsPerMove", policy.migrationGramsPerMove());
        node.put("headroomTarget", policy.headroomTarget());
        node.put("headroomGramsPerCoreHour", policy.headroomGramsPerCoreHour());
        node.put("preferNoScheduleGrams", policy.preferNoScheduleGrams());
        node.put("migrationMode", Vocabulary.migrationMode(policy.migrationMode()));
        node.put("sandboxSecurityWeight", policy.sandboxSecurityWeight());
        node.put("sandboxPerformanceWeight", policy.sandboxPerformanceWeight());
        return node;
    }

    private static ObjectNode zone(Zone zone, Horizon horizon) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("id", zone.id());
        node.put("signal", Vocabulary.signal(zone.signalKind()));
        ArrayNode intensity = node.putArray("intensity");
        for (int slot = 0; slot < horizon.slots(); slot++) {
            intensity.add(zone.intensity(slot));
        }
        return node;
    }

    private static ObjectNode cluster(Cluster cluster) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("id", cluster.id());
        node.put("kind", Vocabulary.clusterKind(cluster.kind()));
        putIfNotEmpty(node, "provider", cluster.provider());
        if (!cluster.region().equals(cluster.id())) {
            node.put("region", cluster.region());
        }
        if (!cluster.latencyDomain().equals(cluster.region())) {
            node.put("latencyDomain", cluster.latencyDomain());
        }
        node.put("zone", cluster.zone().id());
        if (!cluster.residency().isEmpty()) {
            ArrayNode residency = node.putArray("residency");
            cluster.residency().stream().sorted().forEach(residency::add);
        }
        ObjectNode location = node.putObject("location");
        location.put("lat", cluster.location().latitude());
        location.put("lon", cluster.location().longitude());
        return node;
    }

    private static ObjectNode node(Node node) {
        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.put("id", node.id());
        json.put("cluster", node.cluster().id());
        json.set("capacity", resources(node.capacity()));
        ObjectNode power = json.putObject("power");
        power.put("idleWatts", node.power().idleWatts());
        power.put("maxWatts", node.power().maxWatts());
        if (node.power().wattsPerGpu() != 0) {
            power.put("wattsPerGpu", node.power().wattsPerGpu());
        }
        if (node.hasPowerBudget()) {
            json.put("powerBudgetWatts", node.powerBudgetWatts());
        }
        putMap(json, "labels", node.labels());
        if (!node.taints().isEmpty()) {
            ArrayNode taints = json.putArray("taints");
            for (Taint taint : node.taints()) {
                ObjectNode t = taints.addObject();
                t.put("key", taint.key());
                putIfNotEmpty(t, "value", taint.value());
                t.put("effect", taint.effect().id());
            }
        }
        ArrayNode runtimes = json.putArray("runtimes");
        node.runtimes().stream().sorted().map(SandboxRuntime::id).forEach(runtimes::add);
        return json;
    }

    static ObjectNode resources(Resources resources) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("cpu", Quantities.formatCpu(resources.cpuMillis()));
        node.put("memory", Quantities.formatMebibytes(resources.memoryMiB()));
        if (resources.gpus() != 0) {
            node.put("gpu", resources.gpus());
        }
        if (resources.dpus() != 0) {
            node.put("dpu", resources.dpus());
        }
        if (resources.ephemeralStorageMiB() != 0) {
            node.put("ephemeralStorage", Quantities.formatMebibytes(resources.ephemeralStorageMiB()));
        }
        return node;
    }

    private static ObjectNode userLocation(UserLocation location, List<Cluster> clusters) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("id", location.id());
        ObjectNode rtt = node.putObject("rttMs");
        clusters.forEach(cluster -> rtt.put(cluster.id(), location.rttMs(cluster)));
        return node;
    }

    private static ObjectNode workload(Workload workload, Horizon horizon) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("id", workload.id());
        putIfNotEmpty(node, "tenant", workload.tenant());
        node.put("kind", Vocabulary.workloadKind(workload.kind()));
        node.set("requests", resources(workload.request()));
        node.put("replicas", workload.replicas());
        putMap(node, "nodeSelector", workload.nodeSelector());
        if (!workload.tolerations().isEmpty()) {
            ArrayNode tolerations = node.putArray("tolerations");
            for (Toleration toleration : workload.tolerations()) {
                ObjectNode t = tolerations.addObject();
                putIfNotEmpty(t, "key", toleration.key());
                t.put("operator", Vocabulary.operator(toleration.operator()));
                if (toleration.operator() == Toleration.Operator.EQUAL) {
                    t.put("value", toleration.value());
                }
                toleration.effect().ifPresent(effect -> t.put("effect", effect.id()));
            }
        }
        SandboxRequirement sandbox = workload.sandbox();
        if (!sandbox.equals(SandboxRequirement.ANY_CONTAINER)) {
            ObjectNode s = node.putObject("sandbox");
            if (sandbox.wasmModule()) {
                s.put("wasmModule", true);
            }
            s.put("minIsolation", Vocabulary.isolation(sandbox.minIsolation()));
            sandbox.runtime().ifPresent(runtime -> s.put("runtime", runtime.id()));
        }
        if (!workload.residency().isEmpty()) {
            ArrayNode residency = node.putArray("residency");
            workload.residency().stream().sorted().forEach(residency::add);
        }
        workload.userLocation().ifPresent(location -> node.put("userLocation", location.id()));
        if (workload.hasLatencySlo()) {
            node.put("latencySloMs", workload.latencySloMs());
        }
        workload.spread().ifPresent(spread -> {
            ObjectNode s = node.putObject("spread");
            s.put("topologyKey", spread.topologyKey().id());
            s.put("minDomains", spread.minDomains());
        });
        if (workload.antiAffinity()) {
            node.put("antiAffinity", true);
        }
        if (!workload.colocateWith().isEmpty()) {
            ArrayNode colocate = node.putArray("colocateWith");
            workload.colocateWith().forEach(colocate::add);
        }
        // Only what differs from the defaults (release 0, deadline at the horizon's end, the whole window).
        if (workload.releaseSlot() != 0) {
            node.put("releaseSlot", workload.releaseSlot());
        }
        if (workload.deadlineSlot() != horizon.slots()) {
            node.put("deadlineSlot", workload.deadlineSlot());
        }
        if (workload.durationSlots() != workload.deadlineSlot() - workload.releaseSlot()) {
            node.put("durationSlots", workload.durationSlots());
        }
        workload.policy().ifPresent(policy -> node.set("policy", policy(policy)));
        return node;
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void putMap(ObjectNode node, String field, Map<String, String> map) {
        if (!map.isEmpty()) {
            ObjectNode object = node.putObject(field);
            new TreeMap<>(map).forEach(object::put);
        }
    }
}
