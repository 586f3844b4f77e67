package io.heliostat.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.FederatedWorkloadSpec;
import io.heliostat.api.federation.MemberCluster;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerMain;
import io.heliostat.controller.bench.BenchOptions;
import io.heliostat.controller.federation.MemberNodes;
import io.heliostat.controller.federation.MemberObjects;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.mockclusters.MockCluster;
import io.heliostat.mockclusters.TcpLink;
import io.heliostat.solver.domain.SignalKind;

/**
 * Push distribution through a hub: a controller in this JVM follows a hub and {@code --clusters} member clusters, each a
 * fabric8 mock API server (CRUD mode, real HTTP and watches) reached through a link that can be cut. The benchmark
 * creates {@code --workloads} FederatedWorkloads on the hub (a Deployment of 1 or 2 replicas of 250m CPU and 256Mi
 * each, over ten namespaces), one creating thread, as fast as it can or {@code --rate} per second; it watches every
 * member's Deployments (informers, straight to the member's server) and counts a workload applied when the replicas of
 * its Deployments in the members add up to its own, which is also when every member it was placed in has its share.
 *
 * <p>Then it cuts the link of the member holding the most replicas. The controller's own record of when that member's
 * nodes turned Lost (the end of the grace period, {@code heliostat.nodes.lost-after} after their last report) starts
 * the failover clock; it stops when every workload that had replicas there has them all in the other members.
 *
 * <pre>./heliostat bench federation [--clusters 20] [--workloads 2000] [--nodes-per-cluster 10] [--rate 0] [--timeout-s 600]</pre>
 *
 * Ends with {@code BENCH federation clusters=… workloads=… apply_p50_ms=… apply_p99_ms=… apply_max_ms=… failover_s=…
 * failed_over=…}: apply latency from the hub's answer to the create call to the workload applied, failover after the
 * grace period, and how many workloads moved. Exits 1, with no BENCH line, when a workload is not applied or not moved
 * within {@code --timeout-s}. Targets: apply p99 at most 1 s (Karmada reports 1.3 s for its push distribution), failover
 * at most 60 s. Run from the repository root (the controller reads examples/policies).
 *
 * <p>Without {@code --rate}, the hub takes creations faster than one machine running the controller and 21 API servers
 * applies them: the percentiles then measure the backlog, and the line before the BENCH line says how many a second were
 * applied. A {@code --rate} below that measures the push path itself.
 *
 * <p>Member clusters are in zones of rising carbon intensity (40, 60, 80 … g/kWh), so placement fills the greenest
 * first, up to its headroom, and the member cut is the greenest. Re-optimisation rounds are off: they would move
 * replicas while the push path is timed.
 */
public final class FederationBenchmark {

    private static final String SYSTEM_NAMESPACE = "heliostat-system";
    private static final int NAMESPACES = 10;
    private static final String NODE_CPU = "32";
    private static final String NODE_MEMORY = "128Gi";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = Controller.objectMapper();
    /**
     * The mock API servers log every request through java.util.logging, on their event loops: at this rate, writing
     * those lines would cost more than answering the requests. Held here, as java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private FederationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        BenchOptions options = new BenchOptions(args, "--clusters", "--workloads", "--nodes-per-cluster", "--rate", "--timeout-s");
        int clusters = options.integer("--clusters", 20, 2, 200);
        int workloads = options.integer("--workloads", 2000, 1, 100_000);
        int nodesPerCluster = options.integer("--nodes-per-cluster", 10, 1, 1000);
        int rate = options.integer("--rate", 0, 0, 100_000);
        Duration timeout = Duration.ofSeconds(options.integer("--timeout-s", 600, 10, 86_400));
        int exit;
        List<AutoCloseable> open = new ArrayList<>();
        Path temp = Files.createTempDirectory("heliostat-federation-bench");
        try {
            exit = run(clusters, workloads, nodesPerCluster, rate, timeout, temp, open);
        } finally {
            for (AutoCloseable closeable : open.reversed()) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("closing " + closeable + ": " + e);
                }
            }
            try (var files = Files.walk(temp)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.exit(exit);
    }

    private static int run(int clusters, int workloads, int nodesPerCluster, int rate, Duration timeout, Path temp,
                           List<AutoCloseable> open) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        MockCluster hub = MockCluster.startOnFreePort();
        open.add(hub);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            Member member = Member.start(hub, i, nodesPerCluster);
            open.add(member.cluster());
            members.add(member);
        }
        Path kubeconfig = temp.resolve("hub.kubeconfig");
        Files.writeString(kubeconfig, hub.kubeconfig());
        ControllerMain.Embedded embedded = ControllerMain.startEmbedded(Map.ofEntries(
                Map.entry("camel.server.port", Integer.toString(TcpLink.freePort())),
                Map.entry("camel.server.host", "127.0.0.1"),
                Map.entry("heliostat.cluster.port", Integer.toString(TcpLink.freePort())),
                Map.entry("heliostat.cluster.name", "federation-bench-" + UUID.randomUUID()),
                Map.entry("heliostat.kubernetes.hub.enabled", "true"),
                Map.entry("heliostat.kubernetes.hub.kubeconfig", kubeconfig.toString()),
                // fabric8's mock API server answers every server-side apply 404.
                Map.entry("heliostat.kubernetes.apply-mode", "update"),
                Map.entry("heliostat.carbon.replay.enabled", "false"),
                Map.entry("heliostat.reoptimisation.enabled", "false")));
        open.add(embedded);
        Controller controller = embedded.controller();
        Instant now = Instant.now();
        members.forEach(member -> controller.zones().accept(new ZoneSignals(member.zone(), now, new CarbonSignal(member.zone(),
                now.minusSeconds(60), now.plus(Duration.ofDays(1)), member.gramsPerKwh(), SignalKind.AVERAGE, SignalBasis.ACTUAL,
                "federation-bench", now, false), List.of())));
        System.out.printf(Locale.ROOT, "hub and %d member clusters of %d nodes (%s CPU, %s each) up, controller started: %.1f s%n",
                clusters, nodesPerCluster, NODE_CPU, NODE_MEMORY, seconds(System.nanoTime() - startNanos));

        List<String> memberNodes = members.stream().flatMap(member -> member.nodeIds().stream()).toList();
        long joinNanos = System.nanoTime();
        long joinDeadline = joinNanos + timeout.toNanos();
        while (!controller.nodes().openNodes().containsAll(memberNodes)) {
            if (System.nanoTime() > joinDeadline) {
                return failed("the controller saw " + memberNodes.stream().filter(controller.nodes().openNodes()::contains).count()
                        + " of the " + memberNodes.size() + " member nodes Ready within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "controller has the %d member nodes Ready after %.1f s%n", memberNodes.size(),
                seconds(System.nanoTime() - joinNanos));

        Observer observer = new Observer(members, workloads);
        open.add(observer);

        // Apply: FederatedWorkloads created on the hub, timed from the create call's answer.
        long createStart = System.nanoTime();
        FutureTask<Void> creating = new FutureTask<>(() -> {
            for (int i = 0; i < workloads; i++) {
                if (rate > 0) {
                    LockSupport.parkNanos(createStart + (long) (i * 1e9 / rate) - System.nanoTime());
                }
                Workload workload = Workload.numbered(i);
                observer.expect(workload);
                hub.client().resource(workload.resource()).create();
                observer.created(workload, System.nanoTime());
            }
            return null;
        });
        Thread.ofPlatform().name("federated-workload-creator").daemon().start(creating);
        long applyDeadline = Long.MAX_VALUE;
        while (!observer.allApplied().await(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.printf(Locale.ROOT, "%.0f s: %d of %d FederatedWorkloads created, %d applied%n",
                    seconds(System.nanoTime() - createStart), observer.createdCount(), workloads, observer.appliedCount());
            if (creating.isDone() && applyDeadline == Long.MAX_VALUE) {
                try {
                    creating.get();
                } catch (ExecutionException e) {
                    return failed("creating FederatedWorkload " + (observer.createdCount() + 1) + " on the hub failed: " + e.getCause());
                }
                applyDeadline = System.nanoTime() + timeout.toNanos();
            }
            if (System.nanoTime() > applyDeadline) {
                return failed(observer.unapplied().size() + " of " + workloads + " workloads not applied " + timeout.toSeconds()
                        + " s after the last was created, among them " + describe(hub, observer.unapplied()));
            }
        }
        try {
            creating.get();
        } catch (ExecutionException e) {
            return failed("creating the FederatedWorkloads on the hub failed: " + e.getCause());
        }
        double applySeconds = seconds(observer.lastAppliedNanos() - createStart);
        System.out.printf(Locale.ROOT, "%d FederatedWorkloads created in %.1f s, all applied after %.1f s (%.0f a second); peak threads %d%n",
                workloads, seconds(observer.lastCreatedNanos() - createStart), applySeconds, workloads / applySeconds,
                java.lang.management.ManagementFactory.getThreadMXBean().getPeakThreadCount());
        long[] latencies = observer.applyLatencies();

        // Failover: the member holding the most replicas is cut off.
        Member cut = members.stream().max(Comparator.comparingInt(observer::replicasIn)).orElseThrow();
        Set<String> moving = observer.failover(cut);
        long cutMillis = System.currentTimeMillis();
        cut.cluster().link().cut();
        System.out.printf(Locale.ROOT, "cut %s, which holds %d replicas of %d workloads%n", cut.name(), observer.replicasIn(cut),
                moving.size());
        Duration lostAfter = controller.settings().lostAfter();
        long lostDeadline = System.nanoTime() + lostAfter.plus(timeout).toNanos();
        List<NodeState> lostNodes;
        while ((lostNodes = lost(controller, cut)).size() < cut.nodeIds().size()) {
            if (System.nanoTime() > lostDeadline) {
                return failed(cut.name() + "'s nodes were not all Lost " + lostAfter.plus(timeout).toSeconds() + " s after the cut ("
                        + lostNodes.size() + " of " + cut.nodeIds().size() + ")");
            }
            Thread.sleep(100);
        }
        long lostMillis = lostNodes.stream().mapToLong(NodeState::statusSinceMillis).min().orElseThrow();
        System.out.printf(Locale.ROOT, "%s's nodes Lost %.1f s after the cut (suspect-after %s, lost-after %s, heartbeat %s)%n",
                cut.name(), (lostMillis - cutMillis) / 1000.0, controller.settings().suspectAfter(), lostAfter,
                MemberClusterSpec.DEFAULT_HEARTBEAT_INTERVAL);
        long movedDeadline = System.nanoTime() + timeout.toNanos();
        while (!observer.allMoved().await(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.printf(Locale.ROOT, "%.0f s after Lost: %d of %d workloads have their replicas in other members%n",
                    (System.currentTimeMillis() - lostMillis) / 1000.0, moving.size() - observer.allMoved().getCount(), moving.size());
            if (System.nanoTime() > movedDeadline) {
                Set<String> left = observer.notMoved();
                return failed(left.size() + " of " + moving.size() + " workloads not moved off " + cut.name() + " "
                        + timeout.toSeconds() + " s after its nodes were Lost, among them " + describe(hub, left));
            }
        }
        double failoverSeconds = Math.max(0, observer.lastMovedMillis() - lostMillis) / 1000.0;
        System.out.printf(Locale.ROOT, "first workload moved %.1f s after Lost, the last %.1f s after%n",
                (observer.firstMovedMillis() - lostMillis) / 1000.0, failoverSeconds);

        System.out.printf(Locale.ROOT, "BENCH federation clusters=%d workloads=%d apply_p50_ms=%d apply_p99_ms=%d apply_max_ms=%d"
                        + " failover_s=%.1f failed_over=%d%n", clusters, workloads, percentileMillis(latencies, 50),
                percentileMillis(latencies, 99), percentileMillis(latencies, 100), failoverSeconds, moving.size());
        return 0;
    }

    /** One member cluster: its mock API server, its zone and its carbon intensity. */
    private record Member(int index, String name, String zone, double gramsPerKwh, MockCluster cluster, List<String> nodeNames) {

        static Member start(MockCluster hub, int index, int nodes) {
            String name = String.format(Locale.ROOT, "member-%02d", index + 1);
            String zone = String.format(Locale.ROOT, "Z%02d", index + 1);
            MockCluster cluster = MockCluster.startOnFreePort();
            List<String> nodeNames = new ArrayList<>();
            for (int n = 1; n <= nodes; n++) {
                String node = name + "-node-" + n;
                cluster.addNode(node, NODE_CPU, NODE_MEMORY, Map.of("kubernetes.io/hostname", node));
                nodeNames.add(node);
            }
            hub.keepKubeconfig(SYSTEM_NAMESPACE, name + "-kubeconfig", cluster.kubeconfig());
            MemberCluster resource = new MemberCluster();
            resource.setMetadata(new ObjectMetaBuilder().withName(name).build());
            resource.setSpec(new MemberClusterSpec(new MemberClusterSpec.SecretKeyReference(null, name + "-kubeconfig", null), zone,
                    "bench", null, false, List.of("EU"), 40.0 + index % 20, -5.0 + index % 30, null, List.of(), null, null));
            hub.client().resource(resource).create();
            return new Member(index, name, zone, 40.0 + 20.0 * index, cluster, List.copyOf(nodeNames));
        }

        List<String> nodeIds() {
            return nodeNames.stream().map(node -> MemberNodes.nodeId(name, node)).toList();
        }
    }

    /** One FederatedWorkload of the benchmark: a Deployment of 1 or 2 replicas. */
    private record Workload(String namespace, String name, int replicas) {

        static Workload numbered(int i) {
            return new Workload("team-" + i % NAMESPACES, String.format(Locale.ROOT, "w-%05d", i), 1 + i % 2);
        }

        String key() {
            return namespace + "/" + name;
        }

        FederatedWorkload resource() {
            JsonNode deployment;
            try {
                deployment = JSON.readTree("""
                        {"replicas": %d, "selector": {"matchLabels": {"app": "%s"}},
                         "template": {"metadata": {"labels": {"app": "%s"}},
                                      "spec": {"containers": [{"name": "web", "image": "registry.example/web:1.4",
                                                               "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}
                        """.formatted(replicas, name, name));
            } catch (IOException e) {
                throw new IllegalStateException("the Deployment template of " + key() + " is not JSON", e);
            }
            FederatedWorkload workload = new FederatedWorkload();
            workload.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
            workload.setSpec(new FederatedWorkloadSpec(new FederatedWorkloadSpec.WorkloadTemplate("Deployment", null, deployment), null,
                    null, null, null));
            return workload;
        }
    }

    /**
     * Every member's Deployments as its watch reports them. A workload is applied when the replicas of its Deployments in
     * the members add up to its own; during failover, when those in the members other than the cut one do.
     */
    private static final class Observer implements AutoCloseable {

        private final List<Member> members;
        private final List<SharedIndexInformer<Deployment>> informers = new ArrayList<>();
        private final Map<String, Integer> replicas = new ConcurrentHashMap<>();
        private final Map<String, Long> createdNanos = new ConcurrentHashMap<>();
        private final Map<String, Long> appliedNanos = new ConcurrentHashMap<>();
        private final CountDownLatch allApplied;
        private volatile Member cut;
        private volatile Set<String> moving = Set.of();
        private final Map<String, Long> movedMillis = new ConcurrentHashMap<>();
        private volatile CountDownLatch allMoved = new CountDownLatch(0);

        Observer(List<Member> members, int workloads) {
            this.members = members;
            this.allApplied = new CountDownLatch(workloads);
            for (Member member : members) {
                informers.add(member.cluster().client().apps().deployments().inAnyNamespace()
                        .withLabel(MemberObjects.MANAGED_BY, MemberObjects.MANAGER).inform(new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(Deployment deployment) {
                                seen(key(deployment));
                            }

                            @Override
                            public void onUpdate(Deployment before, Deployment after) {
                                seen(key(after));
                            }

                            @Override
                            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                                // a workload counts as applied, or moved, once; removals change neither
                            }
                        }));
            }
        }

        private static String key(Deployment deployment) {
            return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        }

        /** Registered before its create call, so that a Deployment seen before the call returns is not missed. */
        void expect(Workload workload) {
            replicas.put(workload.key(), workload.replicas());
        }

        void created(Workload workload, long nanos) {
            createdNanos.put(workload.key(), nanos);
        }

        private void seen(String key) {
            Integer wanted = replicas.get(key);
            if (wanted == null) {
                return;
            }
            long nanos = System.nanoTime();
            if (replicasOf(key, null) >= wanted && appliedNanos.putIfAbsent(key, nanos) == null) {
                allApplied.countDown();
            }
            Member without = cut;
            if (without != null && moving.contains(key) && replicasOf(key, without) >= wanted
                    && movedMillis.putIfAbsent(key, System.currentTimeMillis()) == null) {
                allMoved.countDown();
            }
        }

        /** The replicas of the workload's Deployments in every member but {@code without}. */
        private int replicasOf(String key, Member without) {
            int sum = 0;
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i) != without) {
                    Deployment deployment = informers.get(i).getStore().getByKey(key);
                    if (deployment != null && deployment.getSpec() != null && deployment.getSpec().getReplicas() != null) {
                        sum += deployment.getSpec().getReplicas();
                    }
                }
            }
            return sum;
        }

        int replicasIn(Member member) {
            return informers.get(member.index()).getStore().list().stream()
                    .mapToInt(deployment -> deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas()).sum();
        }

        /** From now on, the workloads with a Deployment in {@code member} are timed until their replicas are all elsewhere. */
        Set<String> failover(Member member) {
            Set<String> keys = Set.copyOf(informers.get(member.index()).getStore().listKeys());
            allMoved = new CountDownLatch(keys.size());
            moving = keys;
            cut = member;
            keys.forEach(this::seen);
            return keys;
        }

        CountDownLatch allApplied() {
            return allApplied;
        }

        CountDownLatch allMoved() {
            return allMoved;
        }

        int createdCount() {
            return createdNanos.size();
        }

        int appliedCount() {
            return appliedNanos.size();
        }

        long lastCreatedNanos() {
            return createdNanos.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        long lastAppliedNanos() {
            return appliedNanos.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        long firstMovedMillis() {
            return movedMillis.values().stream().mapToLong(Long::longValue).min().orElse(System.currentTimeMillis());
        }

        long lastMovedMillis() {
            return movedMillis.values().stream().mapToLong(Long::longValue).max().orElse(System.currentTimeMillis());
        }

        Set<String> unapplied() {
            Set<String> left = new java.util.TreeSet<>(replicas.keySet());
            left.removeAll(appliedNanos.keySet());
            return left;
        }

        Set<String> notMoved() {
            Set<String> left = new java.util.TreeSet<>(moving);
            left.removeAll(movedMillis.keySet());
            return left;
        }

        /**
         * From the create call's answer to applied, per workload, in nanoseconds. A Deployment that a watch reported before
         * the create call answered counts 0.
         */
        long[] applyLatencies() {
            return createdNanos.entrySet().stream().mapToLong(entry -> Math.max(0, appliedNanos.get(entry.getKey()) - entry.getValue()))
                    .sorted().toArray();
        }

        @Override
        public void close() {
            informers.forEach(SharedIndexInformer::close);
        }
    }

    private static List<NodeState> lost(Controller controller, Member member) {
        return member.nodeIds().stream().map(id -> controller.nodes().node(id)).flatMap(Optional::stream)
                .filter(node -> node.status() == NodeStatus.LOST).toList();
    }

    /** The first few keys, each with the Placed condition its FederatedWorkload's status shows on the hub. */
    private static String describe(MockCluster hub, Set<String> keys) {
        ResourceDefinitionContext kind = ResourceDefinitionContext.fromResourceType(FederatedWorkload.class);
        List<String> described = new ArrayList<>();
        for (String key : keys.stream().limit(5).toList()) {
            String[] parts = key.split("/");
            GenericKubernetesResource resource = hub.client().genericKubernetesResources(kind).inNamespace(parts[0]).withName(parts[1]).get();
            JsonNode status = resource == null ? JSON.nullNode()
                    : JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
            String placed = "no Placed condition";
            for (JsonNode condition : status.path("conditions")) {
                if ("Placed".equals(condition.path("type").asText())) {
                    placed = "Placed " + condition.path("status").asText() + ": " + condition.path("message").asText();
                }
            }
            described.add(key + " (" + placed + ")");
        }
        return String.join(", ", described);
    }

    private static int failed(String message) {
        System.err.println("federation benchmark failed: " + message);
        return 1;
    }

    /** The nearest-rank percentile of sorted nanoseconds, in whole milliseconds. */
    private static long percentileMillis(long[] sortedNanos, double percentile) {
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return Math.round(sortedNanos[Math.max(0, index)] / 1e6);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
