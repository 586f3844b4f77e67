package io.heliostat.solver.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Location;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.domain.Zone;

/**
 * Builds small fleets by hand: zones of 1-hour slots, one cluster per call, nodes of 4 cores that draw
 * 100 W idle and 200 W at full CPU unless told otherwise. Indexes are assigned in the order of creation.
 */
final class TestFleet {

    static final long NODE_CPU_MILLIS = 4000;
    static final double IDLE_WATTS = 100;
    static final double MAX_WATTS = 200;

    private final Horizon horizon;
    private final List<Zone> zones = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final Map<String, Replica> placed = new LinkedHashMap<>();
    private final Map<String, Integer> rttByCluster = new HashMap<>();

    TestFleet(int slots) {
        this.horizon = new Horizon(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofHours(1), slots);
    }

    /** A zone with the same intensity (g/kWh) in every slot. */
    Zone zone(String id, double gramsPerKwh) {
        double[] values = new double[horizon.slots()];
        Arrays.fill(values, gramsPerKwh);
        return zone(id, values);
    }

    Zone zone(String id, double[] gramsPerKwh) {
        Zone zone = new Zone(id, SignalKind.AVERAGE, gramsPerKwh, horizon.slotHours());
        zones.add(zone);
        return zone;
    }

    /** A cloud cluster in {@code zone}, in its own region, {@code rttMs} from the users of workloads that have them. */
    Cluster cluster(String id, Zone zone, int rttMs) {
        Cluster cluster = new Cluster(id, ClusterKind.CLOUD, "test", id, id, zone, Set.of("EU"),
                new Location(0, 0), clusters.size());
        clusters.add(cluster);
        rttByCluster.put(id, rttMs);
        return cluster;
    }

    Node node(String id, Cluster cluster, Taint... taints) {
        return node(id, cluster, NODE_CPU_MILLIS, taints);
    }

    Node node(String id, Cluster cluster, long cpuMillis, Taint... taints) {
        Node node = new Node(id, cluster, new Resources(cpuMillis, 16_384, 0, 0, 100_000),
                new PowerProfile(IDLE_WATTS, MAX_WATTS, 0), 0, Map.of(), List.of(taints), Set.of(SandboxRuntime.RUNC),
                nodes.size());
        nodes.add(node);
        return node;
    }

    /** Users whose RTT to each cluster is the one given when the cluster was made. */
    UserLocation users() {
        int[] rtt = new int[clusters.size()];
        for (Cluster cluster : clusters) {
            rtt[cluster.index()] = rttByCluster.get(cluster.id());
        }
        return new UserLocation("users", rtt);
    }

    WorkloadSpec service(String id, long cpuMillis, int replicas) {
        return new WorkloadSpec(id, WorkloadKind.SERVICE, cpuMillis, replicas, horizon.slots(), 0, horizon.slots());
    }

    WorkloadSpec job(String id, long cpuMillis, int durationSlots, int releaseSlot, int deadlineSlot) {
        return new WorkloadSpec(id, WorkloadKind.BATCH, cpuMillis, 1, durationSlots, releaseSlot, deadlineSlot);
    }

    /** Places a replica on a node, starting in {@code startSlot}. */
    TestFleet place(Workload workload, int ordinal, Node node, int startSlot) {
        placed.put(workload.id() + "#" + ordinal, new Replica(workload, ordinal, node, startSlot));
        return this;
    }

    TestFleet place(Workload workload, int ordinal, Node node) {
        return place(workload, ordinal, node, workload.releaseSlot());
    }

    /** Says that a placed replica runs on {@code node} now, so that moving it elsewhere is a migration. */
    TestFleet runningOn(Workload workload, int ordinal, Node node) {
        placed.get(workload.id() + "#" + ordinal).setCurrentNode(node);
        return this;
    }

    FleetPlan plan() {
        return plan(PlacementPolicy.ofDefaults());
    }

    FleetPlan plan(PlacementPolicy policy) {
        return new FleetPlan(horizon, policy, zones, clusters, nodes, workloads, List.copyOf(placed.values()));
    }

    /** A workload under construction; {@link #add()} adds it to the fleet. */
    final class WorkloadSpec {
        private final String id;
        private final WorkloadKind kind;
        private final long cpuMillis;
        private final int replicas;
        private final int durationSlots;
        private final int releaseSlot;
        private final int deadlineSlot;
        private final List<Toleration> tolerations = new ArrayList<>();
        private Optional<UserLocation> userLocation = Optional.empty();
        private int latencySloMs;
        private boolean antiAffinity;
        private Optional<PlacementPolicy> policy = Optional.empty();

        private WorkloadSpec(String id, WorkloadKind kind, long cpuMillis, int replicas, int durationSlots,
                             int releaseSlot, int deadlineSlot) {
            this.id = id;
            this.kind = kind;
            this.cpuMillis = cpuMillis;
            this.replicas = replicas;
            this.durationSlots = durationSlots;
            this.releaseSlot = releaseSlot;
            this.deadlineSlot = deadlineSlot;
        }

        WorkloadSpec tolerating(Toleration toleration) {
            tolerations.add(toleration);
            return this;
        }

        /** Users as {@link #users()} sees them (make the clusters first), with an SLO; 0 for none. */
        WorkloadSpec withUsers(int latencySloMs) {
            this.userLocation = Optional.of(users());
            this.latencySloMs = latencySloMs;
            return this;
        }

        WorkloadSpec antiAffine() {
            this.antiAffinity = true;
            return this;
        }

        /** Priced by {@code policy} rather than the plan's. */
        WorkloadSpec pricedBy(PlacementPolicy policy) {
            this.policy = Optional.of(policy);
            return this;
        }

        Workload add() {
            Workload workload = new Workload(id, "tenant", kind, new Resources(cpuMillis, 1024, 0, 0, 0), replicas,
                    Map.of(), tolerations, SandboxRequirement.ANY_CONTAINER, Set.of(), userLocation, latencySloMs,
                    Optional.empty(), antiAffinity, List.of(), durationSlots, releaseSlot, deadlineSlot, policy);
            workloads.add(workload);
            return workload;
        }
    }
}
