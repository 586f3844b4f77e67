package io.heliostat.controller.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.controller.node.NodeState;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Location;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Zone;
import io.heliostat.solver.io.FleetDefinition;

/**
 * The fleet as placement sees it now: the fleet file's clusters and nodes, and the hub's member clusters with the
 * nodes that report as theirs. Every controller member keeps one, from the shared {@code clusters} and {@code nodes}
 * maps, and hands each new fleet to placement when a member cluster joins or leaves or a member node's facts change
 * (capacity, labels, taints, runtimes, power); a node's every beat changes none of these and costs a comparison.
 *
 * <p>A member cluster in a grid zone the fleet file does not have gets a zone of its own whose intensity, until a
 * signal arrives for it, is the highest of the file's zones in each slot: a zone nobody vouches for is treated as the
 * worst, so work does not flow there for a carbon figure that was never measured.
 */
public final class LiveFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFleet.class);
    /** Changes are taken up together: a member's nodes arrive one report at a time, within a beat. */
    private static final long SETTLE_MILLIS = 200;

    /** What placement knows of a member node: all of its report but the readings that change every beat. */
    private record NodeFacts(String cluster, long cpuMillis, long memoryMiB, int gpus, int dpus, long ephemeralStorageMiB,
                             double idleWatts, double maxWatts, double budgetWatts, Map<String, String> labels,
                             List<NodeTaint> taints, List<String> runtimes) {

        static NodeFacts of(NodeReport report) {
            return new NodeFacts(report.cluster(), report.capacity().cpuMillis(), report.capacity().memoryMiB(), report.capacity().gpus(),
                    report.capacity().dpus(), report.capacity().ephemeralStorageMiB(), report.power().idleWatts(),
                    report.power().maxWatts(), report.power().budgetWatts(), new TreeMap<>(report.labels()), report.taints(),
                    report.runtimes().stream().sorted().toList());
        }
    }

    private final FleetDefinition file;
    private final Set<String> fileClusters = new HashSet<>();
    private final Set<String> fileNodes = new HashSet<>();
    private final IMap<String, ClusterSite> clusters;
    private final IMap<String, NodeState> nodes;
    private final Consumer<FleetDefinition> placement;
    private final Map<String, ClusterSite> memberClusters = new HashMap<>();
    private final Map<String, NodeFacts> memberNodes = new HashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean();
    private final ScheduledExecutorService settle = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-fleet").daemon().factory());
    private final UUID clusterListener;
    private final UUID nodeListener;

    /**
     * Starts from what the maps hold now and follows them; {@code placement} gets every new fleet, on this object's own
     * thread, one at a time.
     */
    public LiveFleet(FleetDefinition file, IMap<String, ClusterSite> clusters, IMap<String, NodeState> nodes,
                     Consumer<FleetDefinition> placement) {
        this.file = file;
        this.clusters = clusters;
        this.nodes = nodes;
        this.placement = placement;
        file.plan().getClusters().forEach(cluster -> fileClusters.add(cluster.id()));
        file.plan().getNodes().forEach(node -> fileNodes.add(node.id()));
        this.clusterListener = clusters.addEntryListener(new ClusterChanges(), true);
        this.nodeListener = nodes.addEntryListener(new NodeChanges(), true);
        synchronized (this) {
            clusters.values().forEach(this::tookUp);
            nodes.values().forEach(this::tookUp);
        }
        rebuild();
        settle.scheduleWithFixedDelay(() -> {
            if (changed.getAndSet(false)) {
                rebuild();
            }
        }, SETTLE_MILLIS, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private final class ClusterChanges implements EntryAddedListener<String, ClusterSite>, EntryUpdatedListener<String, ClusterSite>,
            EntryRemovedListener<String, ClusterSite> {

        @Override
        public void entryAdded(EntryEvent<String, ClusterSite> event) {
            tookUp(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, ClusterSite> event) {
            tookUp(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, ClusterSite> event) {
            synchronized (LiveFleet.this) {
                if (memberClusters.remove(event.getKey()) != null) {
                    changed.set(true);
                }
            }
        }
    }

    private final class NodeChanges implements EntryAddedListener<String, NodeState>, EntryUpdatedListener<String, NodeState>,
            EntryRemovedListener<String, NodeState> {

        @Override
        public void entryAdded(EntryEvent<String, NodeState> event) {
            tookUp(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, NodeState> event) {
            tookUp(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, NodeState> event) {
            synchronized (LiveFleet.this) {
                if (memberNodes.remove(event.getKey()) != null) {
                    changed.set(true);
                }
            }
        }
    }

    private synchronized void tookUp(ClusterSite site) {
        if (site.member() && !fileClusters.contains(site.id()) && !site.equals(memberClusters.put(site.id(), site))) {
            changed.set(true);
        }
    }

    private synchronized void tookUp(NodeState state) {
        if (fileNodes.contains(state.nodeId()) || state.report() == null) {
            return;
        }
        NodeFacts facts = NodeFacts.of(state.report());
        if (!facts.equals(memberNodes.put(state.nodeId(), facts))) {
            changed.set(true);
        }
    }

    private void rebuild() {
        FleetDefinition next;
        synchronized (this) {
            next = compose();
        }
        try {
            placement.accept(next);
        } catch (RuntimeException e) {
            LOG.error("placement could not take up the new fleet; it keeps the one before", e);
        }
    }

    /** The file's fleet with the member clusters and their nodes after it. */
    private FleetDefinition compose() {
        FleetPlan plan = file.plan();
        List<Zone> zones = new ArrayList<>(plan.getZones());
        Map<String, Zone> zonesById = new HashMap<>();
        zones.forEach(zone -> zonesById.put(zone.id(), zone));
        List<Cluster> fleetClusters = new ArrayList<>(plan.getClusters());
        Map<String, Cluster> byId = new HashMap<>();
        for (ClusterSite site : memberClusters.values().stream().sorted(Comparator.comparing(ClusterSite::id)).toList()) {
            Zone zone = zonesById.computeIfAbsent(site.zone(), id -> {
                Zone unknown = worstCase(id, plan);
                zones.add(unknown);
                return unknown;
            });
            Set<String> residency = new HashSet<>(site.residency());
            residency.add(site.zone());
            Cluster cluster = new Cluster(site.id(), ClusterKind.valueOf(site.kind().toUpperCase(Locale.ROOT)), site.provider(),
                    site.region(), site.latencyDomain(), zone, residency, new Location(site.latitude(), site.longitude()),
                    fleetClusters.size());
            fleetClusters.add(cluster);
            byId.put(cluster.id(), cluster);
        }
        List<Node> fleetNodes = new ArrayList<>(plan.getNodes());
        new TreeMap<>(memberNodes).forEach((id, facts) -> {
            Cluster cluster = byId.get(facts.cluster());
            if (cluster != null) {
                fleetNodes.add(node(id, facts, cluster, fleetNodes.size()));
            }
        });
        LOG.info("fleet: {} clusters ({} members), {} nodes ({} of members)", fleetClusters.size(), byId.size(), fleetNodes.size(),
                fleetNodes.size() - plan.getNodes().size());
        return new FleetDefinition(new FleetPlan(plan.getHorizon(), plan.getPolicy(), zones, fleetClusters, fleetNodes, List.of(),
                List.of()), file.userLocations());
    }

    private static Node node(String id, NodeFacts facts, Cluster cluster, int index) {
        List<Taint> taints = facts.taints().stream()
                .map(taint -> new Taint(taint.key(), Objects.requireNonNullElse(taint.value(), ""), TaintEffect.fromId(taint.effect())))
                .toList();
        Set<SandboxRuntime> runtimes = new HashSet<>();
        facts.runtimes().forEach(runtime -> runtimes.add(SandboxRuntime.fromId(runtime)));
        if (runtimes.isEmpty()) {
            runtimes.add(SandboxRuntime.fromId("runc"));
        }
        return new Node(id, cluster, new Resources(facts.cpuMillis(), facts.memoryMiB(), facts.gpus(), facts.dpus(),
                facts.ephemeralStorageMiB()), new PowerProfile(facts.idleWatts(), facts.maxWatts(), 0), facts.budgetWatts(),
                facts.labels(), taints, runtimes, index);
    }

    /** A zone with no signal yet: in each slot, the highest intensity of the file's zones. */
    private static Zone worstCase(String id, FleetPlan plan) {
        int slots = plan.getHorizon().slots();
        double[] worst = new double[slots];
        for (Zone zone : plan.getZones()) {
            for (int slot = 0; slot < slots; slot++) {
                worst[slot] = Math.max(worst[slot], zone.intensity(slot));
            }
        }
        SignalKind kind = plan.getZones().isEmpty() ? SignalKind.AVERAGE : plan.getZones().get(0).signalKind();
        return new Zone(id, kind, worst, plan.getHorizon().slotHours());
    }

    @Override
    public void close() {
        settle.shutdownNow();
        clusters.removeEntryListener(clusterListener);
        nodes.removeEntryListener(nodeListener);
    }
}
