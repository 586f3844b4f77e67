package io.heliostat.controller.federation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.FieldError;
import io.heliostat.api.federation.Conditions;
import io.heliostat.api.federation.MemberCluster;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.node.ReportIntake;

/**
 * The hub's member clusters, as the leader reaches them: each MemberCluster's kubeconfig secret gives a client; every
 * heartbeat interval its nodes and RuntimeClasses are read, the cluster is kept in the shared {@code clusters} map and
 * each Ready node reports into the fleet ({@link MemberNodes}). A member that does not answer sends no reports, so its
 * nodes turn Suspect and then Lost on the fleet's own grace periods and their workloads are placed elsewhere; its
 * status says the same (Ready, Suspect, Lost), and a missing or wrong kubeconfig makes it Unreachable, with the reason,
 * without touching any other member.
 */
public final class MemberClusters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemberClusters.class);
    static final ResourceDefinitionContext RESOURCE = ResourceDefinitionContext.fromResourceType(MemberCluster.class);
    /** lastHeartbeat is written at most this often while nothing else in the status changes: the hub is not a metrics store. */
    private static final Duration HEARTBEAT_WRITE_INTERVAL = Duration.ofSeconds(30);

    /** What the leader knows of one member: how to reach it and what it last answered. */
    public static final class Member {

        final String name;
        volatile long generation;
        volatile Optional<MemberClusterSpec> spec = Optional.empty();
        volatile Map<String, String> labels = Map.of();
        /** The MemberCluster's uid on the hub, for forgetting its status writes when it is deleted. */
        volatile String uid;
        volatile String secretVersion;
        /** When the kubeconfig secret was last read; null when it is to be read at the next heartbeat. */
        volatile Instant kubeconfigRead;
        volatile KubernetesClient client;
        volatile MemberObjects.Watched watched;
        volatile String problem;
        volatile Instant lastHeartbeat;
        volatile Instant writtenHeartbeat;
        volatile Map<String, String> runtimeClasses = Map.of();
        volatile MemberCluster.CapacitySummary capacity;
        volatile String kubernetesVersion;
        volatile boolean polling;
        volatile Instant nextBeat = Instant.EPOCH;
        /** Deleted from the hub, or the controller closes: a heartbeat still running must not connect it again. */
        boolean gone;

        Member(String name) {
            this.name = name;
        }

        /** The member's client, while it has one. */
        public Optional<KubernetesClient> client() {
            return Optional.ofNullable(client);
        }

        /** The objects Heliostat manages in the member, as watches through its client report them, while it has one. */
        public Optional<MemberObjects.Watched> watched() {
            return Optional.ofNullable(watched);
        }

        /** The RuntimeClass that gives each sandbox runtime in this member, by runtime id. */
        public Map<String, String> runtimeClasses() {
            return runtimeClasses;
        }
    }

    private final KubernetesClient hub;
    private final ObjectMapper json;
    private final ControllerSettings settings;
    private final ReportIntake intake;
    private final IMap<String, ClusterSite> clusters;
    private final Clock clock;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final ExecutorService beats = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("member-beat-", 0).daemon().factory());

    public MemberClusters(KubernetesClient hub, ObjectMapper json, ControllerSettings settings, ReportIntake intake,
                          IMap<String, ClusterSite> clusters, Clock clock) {
        this.hub = hub;
        this.json = json;
        this.settings = settings;
        this.intake = intake;
        this.clusters = clusters;
        this.clock = clock;
        this.informer = hub.genericKubernetesResources(RESOURCE).inform();
    }

    /** The member cluster of this name, while the hub has it. */
    public Optional<Member> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** Whether the member answered within the fleet's suspect period: objects can be applied to it now. */
    public boolean answers(String name) {
        Member member = members.get(name);
        return member != null && member.client != null && member.lastHeartbeat != null
                && Duration.between(member.lastHeartbeat, clock.instant()).compareTo(settings.suspectAfter()) < 0;
    }

    /** The names of the members the hub has now. */
    public List<String> names() {
        return informer.getStore().list().stream().map(resource -> resource.getMetadata().getName()).sorted().toList();
    }

    /**
     * The leader's beat: takes up new, changed and deleted MemberClusters, reads each member whose heartbeat is due
     * (in parallel, one read per member at a time) and writes statuses that changed.
     */
    public void beat() {
        Instant now = clock.instant();
        Map<String, GenericKubernetesResource> current = new LinkedHashMap<>();
        informer.getStore().list().forEach(resource -> current.put(resource.getMetadata().getName(), resource));
        for (String gone : new ArrayList<>(members.keySet())) {
            if (!current.containsKey(gone)) {
                forget(members.remove(gone));
            }
        }
        current.forEach((name, resource) -> {
            Member member = members.computeIfAbsent(name, Member::new);
            takeUp(member, resource);
            if (!member.polling && !now.isBefore(member.nextBeat)) {
                member.polling = true;
                member.nextBeat = now.plus(member.spec.map(MemberClusterSpec::heartbeat).orElse(Duration.ofSeconds(10)));
                beats.execute(() -> {
                    try {
                        member.spec.filter(spec -> kubeconfigDue(member, now)).ifPresent(spec -> connect(member, spec));
                        if (!read(member) && member.kubeconfigRead == null) {
                            // It stopped answering: its kubeconfig may have been rotated, and the next heartbeat should use the new one.
                            member.spec.ifPresent(spec -> connect(member, spec));
                        }
                    } finally {
                        member.polling = false;
                    }
                    writeStatus(member, resource);
                });
            } else {
                writeStatus(member, resource);
            }
        });
    }

    /** Reads the spec of a new generation; the member is then read at once, its kubeconfig secret first. */
    private void takeUp(Member member, GenericKubernetesResource resource) {
        long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
        member.uid = resource.getMetadata().getUid();
        member.labels = resource.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(resource.getMetadata().getLabels());
        if (generation != member.generation) {
            member.kubeconfigRead = null;
            member.nextBeat = Instant.EPOCH;
        }
        if (generation != member.generation || member.spec.isEmpty()) {
            member.generation = generation;
            member.spec = spec(member, resource);
        }
    }

    /**
     * Whether the member's kubeconfig secret is to be read before this heartbeat: not at every one, which would cost the
     * hub a read per member per heartbeat, but when the spec changed or the member stopped answering (both set
     * {@code kubeconfigRead} to null), while it has no usable client, and once every resync interval, which takes up a
     * kubeconfig rotated while the old one still works.
     */
    private boolean kubeconfigDue(Member member, Instant now) {
        return member.client == null || member.kubeconfigRead == null
                || Duration.between(member.kubeconfigRead, now).compareTo(settings.kubernetes().resync()) >= 0;
    }

    private Optional<MemberClusterSpec> spec(Member member, GenericKubernetesResource resource) {
        MemberClusterSpec spec;
        try {
            spec = json.convertValue(resource.getAdditionalProperties().getOrDefault("spec", Map.of()), MemberClusterSpec.class);
        } catch (IllegalArgumentException e) {
            member.problem = "spec cannot be read: " + e.getMessage();
            return Optional.empty();
        }
        List<FieldError> errors = spec.validate();
        if (!errors.isEmpty()) {
            member.problem = "invalid spec: " + errors.stream().map(error -> "spec." + error).collect(Collectors.joining("; "));
            return Optional.empty();
        }
        return Optional.of(spec);
    }

    /** A client from the member's kubeconfig secret, made anew when the secret changes. */
    private void connect(Member member, MemberClusterSpec spec) {
        MemberClusterSpec.SecretKeyReference reference = spec.kubeconfigSecret();
        String namespace = reference.namespace() == null ? settings.kubernetes().namespace() : reference.namespace();
        String where = "secret " + namespace + "/" + reference.name();
        Secret secret;
        try {
            secret = hub.secrets().inNamespace(namespace).withName(reference.name()).get();
        } catch (KubernetesClientException e) {
            member.problem = "cannot read " + where + ": " + e.getMessage();
            return;
        }
        member.kubeconfigRead = clock.instant();
        if (secret == null) {
            disconnect(member, where + " does not exist");
            return;
        }
        String version = where + "/" + reference.key() + "@" + secret.getMetadata().getResourceVersion();
        if (version.equals(member.secretVersion) && member.client != null) {
            return;
        }
        member.secretVersion = version;
        String encoded = secret.getData() == null ? null : secret.getData().get(reference.key());
        if (encoded == null) {
            disconnect(member, where + " has no key '" + reference.key() + "'");
            return;
        }
        try {
            Config config = Config.fromKubeconfig(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
            int timeout = (int) settings.kubernetes().requestTimeout().toMillis();
            config.setRequestTimeout(timeout);
            config.setConnectionTimeout(timeout);
            // A member that does not answer misses its beat; retrying inside the beat would only hide that.
            config.setRequestRetryBackoffLimit(0);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
            KubernetesClient before;
            MemberObjects.Watched watchedBefore;
            synchronized (member) {
                if (member.gone) {
                    client.close();
                    return;
                }
                before = member.client;
                watchedBefore = member.watched;
                member.client = client;
                member.watched = MemberObjects.watch(client, member.name);
            }
            member.problem = null;
            close(watchedBefore, before);
        } catch (RuntimeException e) {
            disconnect(member, where + " key '" + reference.key() + "' is not a usable kubeconfig: " + e.getMessage());
        }
    }

    private void disconnect(Member member, String problem) {
        member.problem = problem;
        KubernetesClient before;
        MemberObjects.Watched watchedBefore;
        synchronized (member) {
            before = member.client;
            watchedBefore = member.watched;
            member.client = null;
            member.watched = null;
        }
        close(watchedBefore, before);
    }

    private void leave(Member member, String problem) {
        synchronized (member) {
            member.gone = true;
        }
        disconnect(member, problem);
    }

    private static void close(MemberObjects.Watched watched, KubernetesClient client) {
        if (watched != null) {
            watched.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** One heartbeat: the member's nodes into the fleet, or nothing when it does not answer; whether it answered. */
    private boolean read(Member member) {
        KubernetesClient client;
        MemberObjects.Watched watched;
        synchronized (member) {
            client = member.client;
            watched = member.watched;
        }
        Optional<MemberClusterSpec> spec = member.spec;
        if (client == null || spec.isEmpty()) {
            return false;
        }
        List<Node> nodes;
        List<RuntimeClass> classes;
        try {
            nodes = client.nodes().list().getItems();
            classes = client.resources(RuntimeClass.class).list().getItems();
            member.kubernetesVersion = Optional.ofNullable(client.getKubernetesVersion()).map(info -> info.getGitVersion()).orElse(null);
        } catch (KubernetesClientException e) {
            if (member.problem == null) {
                member.kubeconfigRead = null;
            }
            if (member.lastHeartbeat == null || member.problem == null) {
                // One line for the member: its watches, cut off too, retry on their own without a line each (logback.xml).
                LOG.warn("member cluster {} does not answer ({}); its heartbeats and watches are retried until it does",
                        member.name, MemberObjects.reason(e));
            }
            member.problem = "does not answer: " + e.getMessage();
            return false;
        } catch (RuntimeException e) {
            member.problem = "does not answer: " + e;
            LOG.warn("member cluster {} does not answer", member.name, e);
            return false;
        }
        Instant now = clock.instant();
        Map<String, RuntimeClass> byName = new LinkedHashMap<>();
        classes.forEach(runtimeClass -> byName.put(runtimeClass.getMetadata().getName(), runtimeClass));
        member.runtimeClasses = MemberNodes.runtimeClasses(classes);
        keep(member.name, spec.get(), member.labels);
        List<NodeReport> reports = nodes.stream().filter(MemberNodes::schedulable)
                .map(node -> MemberNodes.report(member.name, member.labels, spec.get(), node, byName, now)).toList();
        intake.acceptAll(reports);
        member.capacity = capacity(nodes, reports);
        if (member.problem != null && member.lastHeartbeat != null) {
            LOG.info("member cluster {} answers again", member.name);
        }
        member.problem = null;
        member.lastHeartbeat = now;
        // Watches start on a beat thread once the member answers, not on the timer that connects every member in turn.
        watched.start();
        watched.noticeRecovery();
        return true;
    }

    /** Keeps the member in the shared clusters map, where every controller member's fleet finds it. */
    private void keep(String name, MemberClusterSpec spec, Map<String, String> labels) {
        ClusterSite site = new ClusterSite(name, spec.edge() ? "edge" : "cloud", spec.provider(), spec.region(), spec.zone(),
                spec.latencyDomain(), spec.residency(), spec.latitude(), spec.longitude(), List.of(), true);
        if (!site.equals(clusters.get(name))) {
            clusters.set(name, site);
        }
    }

    private void forget(Member member) {
        if (member == null) {
            return;
        }
        LOG.info("member cluster {} was deleted from the hub; its nodes leave the fleet", member.name);
        clusters.delete(member.name);
        HubStatus.forget(member.uid);
        leave(member, "deleted");
    }

    private static MemberCluster.CapacitySummary capacity(List<Node> nodes, List<NodeReport> ready) {
        long cpuMillis = ready.stream().mapToLong(report -> report.capacity().cpuMillis()).sum();
        long memoryMiB = ready.stream().mapToLong(report -> report.capacity().memoryMiB()).sum();
        Map<String, String> extended = new LinkedHashMap<>();
        int gpus = ready.stream().mapToInt(report -> report.capacity().gpus()).sum();
        int dpus = ready.stream().mapToInt(report -> report.capacity().dpus()).sum();
        if (gpus > 0) {
            extended.put("gpu", Integer.toString(gpus));
        }
        if (dpus > 0) {
            extended.put(MemberNodes.DPU_RESOURCE, Integer.toString(dpus));
        }
        return new MemberCluster.CapacitySummary(nodes.size(), ready.size(), new Quantity(cpuMillis + "m").toString(),
                memoryMiB + "Mi", extended);
    }

    /** The member's phase now: Ready, Suspect or Lost by the age of its last answer, Unreachable without a client. */
    String phase(Member member) {
        if (member.spec.isEmpty() || member.client == null && member.lastHeartbeat == null) {
            return MemberCluster.PHASE_UNREACHABLE;
        }
        if (member.lastHeartbeat == null) {
            return MemberCluster.PHASE_SUSPECT;
        }
        Duration silent = Duration.between(member.lastHeartbeat, clock.instant());
        if (silent.compareTo(settings.lostAfter()) >= 0) {
            return MemberCluster.PHASE_LOST;
        }
        return silent.compareTo(settings.suspectAfter()) >= 0 ? MemberCluster.PHASE_SUSPECT : MemberCluster.PHASE_READY;
    }

    private void writeStatus(Member member, GenericKubernetesResource resource) {
        String phase = phase(member);
        boolean ready = phase.equals(MemberCluster.PHASE_READY);
        String reason = member.spec.isEmpty() ? "InvalidSpec" : member.client == null ? "KubeconfigUnusable" : phase;
        String message = member.problem != null ? member.problem
                : ready ? "answers; " + Optional.ofNullable(member.capacity).map(c -> c.readyNodes() + " of " + c.nodes() + " nodes Ready")
                        .orElse("nodes not read yet") : "no answer since " + member.lastHeartbeat;
        boolean heartbeatDue = member.lastHeartbeat != null && (member.writtenHeartbeat == null
                || Duration.between(member.writtenHeartbeat, member.lastHeartbeat).compareTo(HEARTBEAT_WRITE_INTERVAL) >= 0);
        Instant heartbeat = heartbeatDue ? member.lastHeartbeat : member.writtenHeartbeat;
        MemberCluster.Status status = new MemberCluster.Status(member.generation,
                StatusConditions.set(HubStatus.conditions(resource), Conditions.READY, ready, reason, message, member.generation,
                        clock.instant()),
                phase, heartbeat, member.capacity, List.copyOf(member.runtimeClasses.keySet()), member.kubernetesVersion);
        if (HubStatus.write(hub, RESOURCE, resource, status)) {
            member.writtenHeartbeat = heartbeat;
        }
    }

    @Override
    public void close() {
        informer.close();
        beats.shutdownNow();
        members.values().forEach(member -> leave(member, "closed"));
    }
}
