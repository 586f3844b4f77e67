package io.heliostat.controller.state;

import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;

import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.actuation.EdgeRuns;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.command.CommandLog;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.leader.Lease;
import io.heliostat.controller.node.NodeAvailability;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.placement.PlacedWorkload;

/**
 * This controller's Hazelcast member and the maps the controllers share: one embedded member by default, N
 * members found by TCP-IP or Kubernetes discovery. Every map keeps {@code backupCount} synchronous backups, so
 * a member that dies loses nothing another member did not also hold.
 */
public final class ControllerCluster implements AutoCloseable {

    public static final String NODES = "nodes";
    public static final String WORKLOADS = "workloads";
    public static final String CLUSTERS = "clusters";
    public static final String SIGNALS = "signals";
    public static final String LEADERSHIP = "leadership";
    public static final String REOPTIMISATIONS = "reoptimisations";
    public static final String NODE_AVAILABILITY = "node-availability";
    public static final String NODE_COMMANDS = "node-commands";
    public static final String HONO_DEVICES = "hono-devices";
    public static final String EDGE_RUNS = "edge-runs";

    /**
     * Where Hazelcast completes the futures of its asynchronous calls ({@code submitToKey}, {@code submitToKeys},
     * {@code executeOnKeys}) when the common fork-join pool would not do: see {@link #callbacksOnAPool()}.
     */
    private static final ForkJoinPool CALLBACKS = new ForkJoinPool(2, pool -> {
        var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("heliostat-hazelcast-callbacks-" + thread.getPoolIndex());
        return thread;
    }, null, true);

    private final HazelcastInstance member;

    private ControllerCluster(HazelcastInstance member) {
        this.member = member;
    }

    /** Starts a member (and joins the others) as the settings say. */
    public static ControllerCluster start(ControllerSettings settings, ObjectMapper json) {
        callbacksOnAPool();
        return new ControllerCluster(Hazelcast.newHazelcastInstance(config(settings, json)));
    }

    static Config config(ControllerSettings settings, ObjectMapper json) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        // Each test or demo member gets its own name; a production member's name shows in logs and metrics.
        config.setInstanceName("heliostat-" + settings.memberPort() + "-" + UUID.randomUUID().toString().substring(0, 8));
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Members that leave are noticed within seconds, not the default minute: takeover is part of the product.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        // A call to a partition the dead member owned waits until the partitions are given out again, 5 s after
        // the member left by default: one takeover in a dozen took 6 s. The state is small; rebalance at once.
        config.setProperty("hazelcast.migration.min.delay.on.member.removed.seconds", "1");

        config.getNetworkConfig().setPort(settings.memberPort()).setPortAutoIncrement(false);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        if (settings.kubernetesDiscovery()) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-name", settings.kubernetesService());
        } else if (!settings.members().isEmpty()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }

        for (String map : new String[] {NODES, WORKLOADS, CLUSTERS, SIGNALS, LEADERSHIP, REOPTIMISATIONS, NODE_COMMANDS, HONO_DEVICES, EDGE_RUNS}) {
            config.addMapConfig(new MapConfig(map).setBackupCount(settings.backupCount())
                    // Entries are read and rewritten by entry processors far more than they travel: keep them as
                    // objects so that a report does not decode and re-encode its node's state. A placed workload
                    // is written once and seldom read: kept as it was encoded, it is not decoded again on the way in.
                    .setInMemoryFormat(map.equals(WORKLOADS) ? InMemoryFormat.BINARY : InMemoryFormat.OBJECT));
        }
        for (StateTypes.Registration registration : StateTypes.ALL) {
            config.getSerializationConfig().addSerializerConfig(new SerializerConfig()
                    .setTypeClass(registration.type())
                    .setImplementation(registration.serializer().apply(json, registration.typeId())));
        }
        return config;
    }

    /**
     * Hazelcast runs the completion of every asynchronous call on the common fork-join pool, but when that pool
     * has a single thread (two cores or fewer) it starts a new thread for each completion instead: a batch of
     * reports started a hundred threads, and ingest spent more CPU starting threads than applying reports. A
     * small pool of its own instead; JVM-wide, as Hazelcast's setting is (internal API, checked on upgrades).
     */
    private static void callbacksOnAPool() {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            ConcurrencyUtil.setDefaultAsyncExecutor(CALLBACKS);
        }
    }

    public HazelcastInstance member() {
        return member;
    }

    public IMap<String, NodeState> nodes() {
        return member.getMap(NODES);
    }

    public IMap<String, PlacedWorkload> workloads() {
        return member.getMap(WORKLOADS);
    }

    /** The member clusters and edge sites, by id. */
    public IMap<String, ClusterSite> clusters() {
        return member.getMap(CLUSTERS);
    }

    public IMap<String, ZoneCarbon> zones() {
        return member.getMap(SIGNALS);
    }

    public IMap<String, Lease> leases() {
        return member.getMap(LEADERSHIP);
    }

    public IMap<String, ReoptimisationRound> reoptimisations() {
        return member.getMap(REOPTIMISATIONS);
    }

    /** Each node's commands, by node id. */
    public IMap<String, CommandLog> nodeCommands() {
        return member.getMap(NODE_COMMANDS);
    }

    /** Node id to the Eclipse Hono tenant it reports through, for the commands sent to it. */
    public IMap<String, String> honoDevices() {
        return member.getMap(HONO_DEVICES);
    }

    /** What the controller has told the edge nodes to run and stop, by workload id. */
    public IMap<String, EdgeRuns> edgeRuns() {
        return member.getMap(EDGE_RUNS);
    }

    /** Nodes opening to and closing for new work, told to every member. */
    public ITopic<NodeAvailability> nodeAvailability() {
        return member.getTopic(NODE_AVAILABILITY);
    }

    @Override
    public void close() {
        member.shutdown();
    }
}
