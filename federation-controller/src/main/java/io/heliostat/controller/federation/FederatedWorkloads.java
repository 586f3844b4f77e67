package io.heliostat.controller.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.FieldError;
import io.heliostat.api.federation.Conditions;
import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.FederatedWorkloadSpec;
import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.TolerationSpec;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.placement.SandboxChoice;
import io.heliostat.controller.rest.ApiProblem;
import io.heliostat.solver.domain.Node;

/**
 * FederatedWorkloads on the hub, made real in the member clusters; the leader's work. Each is placed as one or more
 * workloads of the live plan (the same decision a REST placement gets), then applied to every member that received
 * replicas ({@link MemberObjects}) and removed from every member that no longer has any; its status says where its
 * replicas are, what they emit, and why any wait.
 *
 * <p>A workload is compared again when its FederatedWorkload changes, when placement moves its replicas (a lost node,
 * a re-optimisation round), and every resync interval, which also finishes what an unanswering member could not take.
 * Its placement stays as long as its spec does: a new generation is placed anew; a spec that is rejected leaves the
 * last accepted one running, and says so.
 *
 * <p>Workload ids: {@code <namespace>_<name>} (Dynamic), {@code <namespace>_<name>_<cluster>} (Weighted, Duplicated);
 * '_' is in no Kubernetes name, so an id names its FederatedWorkload without doubt. The tenant is the namespace unless
 * the placement names one.
 */
public final class FederatedWorkloads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FederatedWorkloads.class);
    static final ResourceDefinitionContext RESOURCE = ResourceDefinitionContext.fromResourceType(FederatedWorkload.class);
    /** Only member nodes carry it: a FederatedWorkload runs in member clusters, never on the fleet file's gateways. */
    public static final String MEMBER_NODE_LABEL = "heliostat.io/member";
    /**
     * Ruled-out nodes each decision may list: one per cluster and rule, so that a replica no member takes says, for
     * each member, what ruled it out.
     */
    static final int EXCLUSIONS = 64;

    private final KubernetesClient hub;
    private final ObjectMapper json;
    private final PlacementService placements;
    private final SandboxChoice sandboxes;
    private final MemberClusters members;
    private final MemberObjects objects;
    private final IMap<String, PlacedWorkload> workloads;
    private final BooleanSupplier leads;
    private final Clock clock;
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final Runnable stopObserving;
    /** One queue per worker, a FederatedWorkload always on the same one: no two workers ever reconcile the same one at once. */
    private final List<PriorityBlockingQueue<Due>> due = new ArrayList<>();
    /**
     * The FederatedWorkloads queued, each with whether it was queued for a change: a change to one the resync queued
     * queues it again, ahead, and the resync's entry is passed over when its turn comes.
     */
    private final Map<String, Boolean> queued = new ConcurrentHashMap<>();
    private final AtomicLong queueOrder = new AtomicLong();
    /** The FederatedWorkloads being compared now, which {@link #sweep} leaves alone. */
    private final Set<String> reconciling = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    /** What each FederatedWorkload's last reconcile applied, by member: the objects kept there. */
    private final Map<String, Map<String, MemberObjects.Desired>> applied = new ConcurrentHashMap<>();
    /** The generation each FederatedWorkload was last placed at. */
    private final Map<String, Long> placedGeneration = new ConcurrentHashMap<>();
    /**
     * The ids each FederatedWorkload has in the shared workloads map, as the map's events report them: a reconcile reads
     * its own instead of listing every workload of the fleet.
     */
    private final Map<String, Set<String>> placedIds = new ConcurrentHashMap<>();
    /**
     * By workload id, the placement the last reconcile of its FederatedWorkload acted on, and the ids a reconcile is
     * placing now: the map event of a placement a reconcile made itself, or has already acted on, is no change and
     * queues no second reconcile.
     */
    private final Map<String, PlacedWorkload> actedOn = new ConcurrentHashMap<>();
    private final Set<String> placing = ConcurrentHashMap.newKeySet();

    public FederatedWorkloads(KubernetesClient hub, ObjectMapper json, PlacementService placements, SandboxChoice sandboxes,
                              MemberClusters members, MemberObjects objects, IMap<String, PlacedWorkload> workloads,
                              BooleanSupplier leads, Clock clock, int workerThreads) {
        this.hub = hub;
        this.json = json;
        this.placements = placements;
        this.sandboxes = sandboxes;
        this.members = members;
        this.objects = objects;
        this.workloads = workloads;
        this.leads = leads;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(workerThreads, Thread.ofPlatform().name("federated-workload-", 0).daemon().factory());
        for (int i = 0; i < workerThreads; i++) {
            PriorityBlockingQueue<Due> queue = new PriorityBlockingQueue<>();
            due.add(queue);
            workers.execute(() -> work(queue));
        }
        this.informer = hub.genericKubernetesResources(RESOURCE).inAnyNamespace().inform(new Changes());
        this.stopObserving = placements.observe(this::placementChanged);
        workloads.keySet().forEach(id -> owner(id).ifPresent(key -> placed(key, id)));
    }

    private final class Changes implements ResourceEventHandler<GenericKubernetesResource> {

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            enqueue(key(resource));
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            if (!java.util.Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())) {
                enqueue(key(after));
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            HubStatus.forget(resource.getMetadata().getUid());
            enqueue(key(resource));
        }
    }

    /**
     * Placement moved a FederatedWorkload's replicas (a lost node, a re-optimisation round): its members follow. Told
     * by the member's PlacementService as it takes each change up ({@code now} null once removed), decoded once there.
     */
    private void placementChanged(String id, PlacedWorkload now) {
        owner(id).ifPresent(key -> {
            if (now == null) {
                unplaced(key, id);
                // Removed by a reconcile (placed anew, or no longer wanted), it was acted on; by anyone else, it is news.
                if (!placing.contains(id) && actedOn.containsKey(id)) {
                    enqueue(key);
                }
                return;
            }
            placed(key, id);
            if (!placing.contains(id) && !now.equals(actedOn.get(id))) {
                enqueue(key);
            }
        });
    }

    private void placed(String key, String id) {
        placedIds.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    private void unplaced(String key, String id) {
        placedIds.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /** {@code namespace/name} of the FederatedWorkload a workload id belongs to. */
    static Optional<String> owner(String workloadId) {
        String[] parts = workloadId.split("_");
        return parts.length == 2 || parts.length == 3 ? Optional.of(parts[0] + "/" + parts[1]) : Optional.empty();
    }

    /** The owner label of the FederatedWorkload {@code namespace/name}. */
    private static String ownerLabel(String key) {
        int slash = key.indexOf('/');
        return FederatedWorkload.ownerLabelValue(key.substring(0, slash), key.substring(slash + 1));
    }

    private static String key(GenericKubernetesResource resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    /**
     * A FederatedWorkload due for a reconcile. Changes (on the hub, or of its placement) go before the resync, which
     * queues every FederatedWorkload at once: a new one, or a lost member's, does not wait for thousands that did not
     * change. Within each kind, first queued goes first.
     */
    private record Due(String key, boolean change, long order) implements Comparable<Due> {

        @Override
        public int compareTo(Due other) {
            return change != other.change ? (change ? -1 : 1) : Long.compare(order, other.order);
        }
    }

    /** Queues a FederatedWorkload that changed, on the leader. */
    private void enqueue(String key) {
        if (leads.getAsBoolean()) {
            queue(key, true);
        }
    }

    private synchronized void queue(String key, boolean change) {
        Boolean queuedForChange = queued.get(key);
        if (queuedForChange == null || change && !queuedForChange) {
            queued.put(key, change);
            due.get(Math.floorMod(key.hashCode(), due.size())).add(new Due(key, change, queueOrder.incrementAndGet()));
        }
    }

    /** Every FederatedWorkload, and every one that left traces, is compared again: the resync. */
    public void resync() {
        if (!leads.getAsBoolean()) {
            return;
        }
        informer.getStore().list().forEach(resource -> queue(key(resource), false));
        applied.keySet().forEach(key -> queue(key, false));
        placedIds.keySet().forEach(key -> queue(key, false));
    }

    private void work(PriorityBlockingQueue<Due> queue) {
        while (!Thread.currentThread().isInterrupted()) {
            String key;
            try {
                key = queue.take().key();
            } catch (InterruptedException e) {
                return;
            }
            if (queued.remove(key) == null) {
                // reconciled already, through the entry a change queued ahead of this one
                continue;
            }
            try {
                reconcile(key);
            } catch (RuntimeException e) {
                LOG.warn("FederatedWorkload {} could not be reconciled; trying again at the next resync", key, e);
            }
        }
    }

    private void reconcile(String key) {
        if (!leads.getAsBoolean()) {
            return;
        }
        reconciling.add(key);
        try {
            compare(key);
        } finally {
            reconciling.remove(key);
        }
    }

    /** Places the FederatedWorkload as its spec says, applies it to its members and writes its status. */
    private void compare(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        GenericKubernetesResource resource = informer.getStore().getByKey(key);
        String owner = FederatedWorkload.ownerLabelValue(namespace, name);
        if (resource == null) {
            removePlacements(key, Set.of());
            withdraw(key, owner, Map.of());
            placedGeneration.remove(key);
            return;
        }
        long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
        List<String> rejected = new ArrayList<>();
        Optional<Translated> translated = translate(resource, namespace, name, rejected);
        if (translated.isEmpty()) {
            writeStatus(resource, generation, Optional.empty(), rejected, List.of(), Map.of());
            return;
        }
        Translated workload = translated.get();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        boolean newGeneration = !Long.valueOf(generation).equals(placedGeneration.get(key));
        Set<String> placedNow = new LinkedHashSet<>();
        List<PlacedWorkload> placed;
        try {
            for (WorkloadSpec spec : workload.specs()) {
                ids.add(spec.id());
                Optional<PlacedWorkload> current = placements.placement(spec.id());
                // Replicas that wait for room are asked for again at every comparison: members and nodes may have joined.
                if (current.isPresent() && !newGeneration && current.get().spec().equals(spec) && current.get().decision().fullyPlaced()) {
                    continue;
                }
                placing.add(spec.id());
                placedNow.add(spec.id());
                try {
                    if (current.isPresent()) {
                        placements.remove(spec.id());
                    }
                    placements.place(spec, EXCLUSIONS);
                } catch (ApiProblem e) {
                    problems.add(e.getMessage() + (e.errors().isEmpty() ? "" : ": " + e.errors().stream().map(FieldError::toString)
                            .collect(Collectors.joining("; "))));
                }
            }
            removePlacements(key, ids);
            placedGeneration.put(key, generation);
            placed = ids.stream().map(placements::placement).flatMap(Optional::stream).toList();
            placed.forEach(one -> actedOn.put(one.spec().id(), one));
        } finally {
            placing.removeAll(placedNow);
        }
        // A change to what this reconcile placed, made before its events were passed over, is still news.
        for (String id : placedNow) {
            if (!Objects.equals(placements.placement(id).orElse(null), actedOn.get(id))) {
                enqueue(key);
            }
        }
        Map<String, MemberObjects.Desired> desired = desired(workload, placed);
        Map<String, String> unapplied = apply(key, owner, desired);
        writeStatus(resource, generation, Optional.of(workload), problems, placed, unapplied);
    }

    /**
     * Takes out of placement the FederatedWorkload's workloads that are not in {@code keep}. One placed a moment ago may
     * not be known here yet: its map event asks for another reconcile, which takes it out.
     */
    private void removePlacements(String key, Set<String> keep) {
        for (String id : List.copyOf(placedIds.getOrDefault(key, Set.of()))) {
            if (!keep.contains(id)) {
                actedOn.remove(id);
                try {
                    placements.remove(id);
                } catch (ApiProblem e) {
                    LOG.warn("workload {} could not be removed: {}", id, e.getMessage());
                }
            }
        }
    }

    /** A FederatedWorkload's workloads for placement, and its template for the members. */
    private record Translated(String kind, List<WorkloadSpec> specs, Map<String, String> labels, Map<String, String> annotations,
                              Object templateSpec) {
    }

    private Optional<Translated> translate(GenericKubernetesResource resource, String namespace, String name, List<String> rejected) {
        FederatedWorkloadSpec spec;
        try {
            spec = json.convertValue(resource.getAdditionalProperties().getOrDefault("spec", Map.of()), FederatedWorkloadSpec.class);
        } catch (IllegalArgumentException e) {
            rejected.add("spec cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        spec.validate().forEach(error -> rejected.add("spec." + error));
        if (!rejected.isEmpty()) {
            return Optional.empty();
        }
        String kind = spec.kind().orElseThrow();
        JsonNode templateSpec;
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        if (spec.template() != null) {
            templateSpec = spec.template().spec();
            if (spec.template().metadata() != null) {
                labels.putAll(spec.template().metadata().labels());
                annotations.putAll(spec.template().metadata().annotations());
            }
        } else {
            Optional<JsonNode> referenced = referenced(namespace, spec.templateRef(), rejected);
            if (referenced.isEmpty()) {
                return Optional.empty();
            }
            templateSpec = referenced.get();
        }
        PodTemplateSpec pod;
        Integer ownReplicas;
        Object typed;
        try {
            if (kind.equals("Job")) {
                JobSpec job = hub.getKubernetesSerialization().convertValue(templateSpec, JobSpec.class);
                pod = job.getTemplate();
                ownReplicas = job.getParallelism();
                typed = job;
            } else {
                DeploymentSpec deployment = hub.getKubernetesSerialization().convertValue(templateSpec, DeploymentSpec.class);
                pod = deployment.getTemplate();
                ownReplicas = deployment.getReplicas();
                typed = deployment;
            }
        } catch (IllegalArgumentException e) {
            rejected.add("spec.template.spec is not a " + kind + " spec: " + e.getMessage());
            return Optional.empty();
        }
        if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            rejected.add("spec.template.spec.template.spec.containers: a " + kind + " needs a pod template with at least one container");
            return Optional.empty();
        }
        int replicas = spec.replicas() != null ? spec.replicas() : ownReplicas != null ? ownReplicas : 1;
        List<WorkloadSpec> specs = new ArrayList<>();
        FederatedWorkloadSpec.ReplicaDivision division = spec.division();
        String id = namespace + "_" + name;
        if (division.type().equals("Dynamic")) {
            specs.add(workload(id, spec, pod.getSpec(), kind, namespace, replicas, Optional.empty()));
        } else {
            Map<String, Integer> shares = division.type().equals("Weighted") ? weighted(division.clusters(), replicas)
                    : division.clusters().stream().collect(Collectors.toMap(FederatedWorkloadSpec.ClusterWeight::name, c -> replicas,
                    (a, b) -> a, LinkedHashMap::new));
            shares.forEach((cluster, count) -> {
                if (count > 0) {
                    specs.add(workload(id + "_" + cluster, spec, pod.getSpec(), kind, namespace, count, Optional.of(cluster)));
                }
            });
        }
        for (WorkloadSpec workload : specs) {
            workload.validate().forEach(error -> rejected.add("placement of " + workload.id() + ": " + error));
        }
        return rejected.isEmpty() ? Optional.of(new Translated(kind, specs, labels, annotations, typed)) : Optional.empty();
    }

    private Optional<JsonNode> referenced(String namespace, FederatedWorkloadSpec.TemplateReference reference, List<String> rejected) {
        try {
            Object object = reference.kind().equals("Job")
                    ? hub.batch().v1().jobs().inNamespace(namespace).withName(reference.name()).get()
                    : hub.apps().deployments().inNamespace(namespace).withName(reference.name()).get();
            if (object == null) {
                rejected.add("spec.templateRef: no " + reference.kind() + " '" + reference.name() + "' in namespace " + namespace);
                return Optional.empty();
            }
            Object spec = object instanceof Job job ? job.getSpec() : ((Deployment) object).getSpec();
            return Optional.of(json.valueToTree(hub.getKubernetesSerialization().convertValue(spec, Map.class)));
        } catch (KubernetesClientException e) {
            rejected.add("spec.templateRef: cannot read " + reference.kind() + " " + namespace + "/" + reference.name() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Each cluster's share of {@code replicas} by weight, largest remainders first. */
    static Map<String, Integer> weighted(List<FederatedWorkloadSpec.ClusterWeight> clusters, int replicas) {
        long total = clusters.stream().mapToLong(FederatedWorkloadSpec.ClusterWeight::weight).sum();
        Map<String, Integer> shares = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int given = 0;
        for (FederatedWorkloadSpec.ClusterWeight cluster : clusters) {
            double exact = (double) replicas * cluster.weight() / total;
            int whole = (int) Math.floor(exact);
            shares.put(cluster.name(), whole);
            given += whole;
            remainders.add(Map.entry(cluster.name(), exact - whole));
        }
        remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        for (int i = 0; i < replicas - given; i++) {
            shares.merge(remainders.get(i).getKey(), 1, Integer::sum);
        }
        return shares;
    }

    private WorkloadSpec workload(String id, FederatedWorkloadSpec spec, PodSpec pod, String kind, String namespace, int replicas,
                                  Optional<String> cluster) {
        FederatedWorkloadSpec.PlacementRules rules = spec.placement();
        Map<String, String> nodeSelector = new TreeMap<>(pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector());
        nodeSelector.putAll(rules.clusterSelector());
        nodeSelector.put(MEMBER_NODE_LABEL, "true");
        cluster.ifPresent(name -> nodeSelector.put(FederatedWorkload.CLUSTER_LABEL, name));
        List<TolerationSpec> tolerations = pod.getTolerations() == null ? List.of() : pod.getTolerations().stream()
                .map(t -> new TolerationSpec(t.getKey(), t.getOperator() == null ? "Equal" : t.getOperator(), t.getValue(), t.getEffect()))
                .toList();
        boolean job = kind.equals("Job");
        return new WorkloadSpec(id, rules.tenant() != null ? rules.tenant() : namespace, job ? "batch" : "service", requests(pod),
                replicas, nodeSelector, tolerations, rules.sandbox(), rules.residency(), rules.userLocation(), rules.latencySloMs(),
                rules.spread(), rules.antiAffinity(), List.of(), job ? Duration.parse(rules.duration()) : null, null,
                job ? Instant.parse(rules.deadline()) : null, rules.policy(), null);
    }

    /** What one replica requests: the sum of its containers' requests. */
    private static ResourceRequest requests(PodSpec pod) {
        long cpuMillis = 0;
        long memoryMiB = 0;
        long storageMiB = 0;
        int gpus = 0;
        int dpus = 0;
        for (Container container : pod.getContainers()) {
            Map<String, Quantity> requests = container.getResources() == null || container.getResources().getRequests() == null
                    ? Map.of() : container.getResources().getRequests();
            cpuMillis += amount(requests.get("cpu"), 1000);
            memoryMiB += amount(requests.get("memory"), 1.0 / (1024 * 1024));
            storageMiB += amount(requests.get("ephemeral-storage"), 1.0 / (1024 * 1024));
            gpus += (int) MemberNodes.GPU_RESOURCES.stream().mapToLong(gpu -> amount(requests.get(gpu), 1)).sum();
            dpus += (int) amount(requests.get(MemberNodes.DPU_RESOURCE), 1);
        }
        return new ResourceRequest(cpuMillis + "m", memoryMiB + "Mi", gpus, dpus, storageMiB == 0 ? null : storageMiB + "Mi");
    }

    private static long amount(Quantity quantity, double scale) {
        return quantity == null ? 0 : (long) Math.ceil(Quantity.getAmountInBytes(quantity).doubleValue() * scale);
    }

    /**
     * What each member should run: per member cluster, the replicas placed there and on which nodes, and for a Job
     * placed to start later (temporal shifting), when it may start.
     */
    private Map<String, MemberObjects.Desired> desired(Translated workload, List<PlacedWorkload> placed) {
        Map<String, Node> fleetNodes = new HashMap<>();
        placements.fleet().plan().getNodes().forEach(node -> fleetNodes.put(node.id(), node));
        Map<String, List<String>> nodesByCluster = new TreeMap<>();
        Map<String, String> runtimeByCluster = new HashMap<>();
        Map<String, Instant> startByCluster = new HashMap<>();
        for (PlacedWorkload one : placed) {
            for (ReplicaDecision replica : one.decision().replicas()) {
                if (!replica.placed()) {
                    continue;
                }
                nodesByCluster.computeIfAbsent(replica.cluster(), c -> new ArrayList<>()).add(MemberNodes.nodeName(replica.cluster(), replica.node()));
                if (replica.startAt() != null) {
                    startByCluster.merge(replica.cluster(), replica.startAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
                Node node = fleetNodes.get(replica.node());
                if (node != null) {
                    sandboxes.on(one.spec(), node).ifPresent(runtime -> runtimeByCluster.putIfAbsent(replica.cluster(), runtime.id()));
                }
            }
        }
        Map<String, MemberObjects.Desired> desired = new TreeMap<>();
        Instant now = clock.instant();
        nodesByCluster.forEach((cluster, nodes) -> {
            String runtime = runtimeByCluster.getOrDefault(cluster, "runc");
            Optional<String> runtimeClass = runtime.equals("runc") ? Optional.empty()
                    : members.member(cluster).map(member -> member.runtimeClasses().get(runtime));
            String namespace = placed.get(0).spec().id().split("_")[0];
            String name = placed.get(0).spec().id().split("_")[1];
            desired.put(cluster, new MemberObjects.Desired(workload.kind(), namespace, name,
                    FederatedWorkload.ownerLabelValue(namespace, name), workload.labels(),
                    workload.annotations(), workload.templateSpec(), nodes.size(), nodes.stream().distinct().sorted().toList(),
                    runtime, runtimeClass, Optional.ofNullable(startByCluster.get(cluster)).filter(now::isBefore)));
        });
        return desired;
    }

    /**
     * Applies the desired objects to their members and removes the owner's object from each member it had one in and
     * no longer has replicas; returns, by member, what could not be done there. What a member that does not answer
     * cannot take is tried again at the next comparison; objects left behind otherwise (by a leader that left) are
     * found by {@link #sweep}.
     */
    private Map<String, String> apply(String key, String owner, Map<String, MemberObjects.Desired> desired) {
        Map<String, String> unapplied = new TreeMap<>();
        Map<String, MemberObjects.Desired> before = applied.getOrDefault(key, Map.of());
        Map<String, MemberObjects.Desired> now = new HashMap<>();
        Set<String> touched = new TreeSet<>(before.keySet());
        touched.addAll(desired.keySet());
        for (String cluster : touched) {
            MemberObjects.Desired wanted = desired.get(cluster);
            MemberObjects.Desired earlier = before.get(cluster);
            Optional<MemberClusters.Member> member = members.member(cluster);
            Optional<KubernetesClient> client = member.flatMap(MemberClusters.Member::client);
            Optional<MemberObjects.Watched> watched = member.flatMap(MemberClusters.Member::watched);
            if (client.isEmpty() || watched.isEmpty() || !members.answers(cluster)) {
                if (wanted != null) {
                    unapplied.put(cluster, "member does not answer");
                }
                if (earlier != null) {
                    now.put(cluster, earlier);
                }
                continue;
            }
            try {
                if (wanted == null) {
                    removed(key, cluster, objects.deleteOthers(client.get(), owner, Set.of()));
                    continue;
                }
                if (!wanted.equals(earlier)) {
                    objects.apply(client.get(), watched.get(), wanted);
                }
                if (earlier != null && !MemberObjects.key(earlier).equals(MemberObjects.key(wanted))) {
                    removed(key, cluster, objects.deleteOthers(client.get(), owner, Set.of(MemberObjects.key(wanted))));
                }
                now.put(cluster, wanted);
            } catch (KubernetesClientException | IllegalStateException e) {
                unapplied.put(cluster, e.getMessage());
                if (earlier != null) {
                    now.put(cluster, earlier);
                }
            }
        }
        if (now.isEmpty()) {
            applied.remove(key);
        } else {
            applied.put(key, now);
        }
        return unapplied;
    }

    private static void removed(String key, String cluster, List<String> deleted) {
        if (!deleted.isEmpty()) {
            LOG.info("FederatedWorkload {}: removed {} from member {}", key, deleted, cluster);
        }
    }

    /**
     * Removes from every member that answers the objects this controller made whose FederatedWorkload has no replicas
     * placed there any more (or is gone): what a member that did not answer, or a leader that left, could not remove.
     * FederatedWorkloads being compared right now are left to that comparison.
     */
    public void sweep() {
        if (!leads.getAsBoolean()) {
            return;
        }
        Map<String, Set<String>> ownersByCluster = new HashMap<>();
        for (PlacedWorkload placed : workloads.values()) {
            owner(placed.spec().id()).ifPresent(key -> placed.decision().replicas().stream().filter(ReplicaDecision::placed)
                    .forEach(replica -> ownersByCluster.computeIfAbsent(replica.cluster(), c -> new HashSet<>()).add(ownerLabel(key))));
        }
        Set<String> busy = new HashSet<>();
        reconciling.forEach(key -> busy.add(ownerLabel(key)));
        queued.keySet().forEach(key -> busy.add(ownerLabel(key)));
        for (String cluster : members.names()) {
            Optional<KubernetesClient> client = members.member(cluster).flatMap(MemberClusters.Member::client);
            if (client.isEmpty() || !members.answers(cluster)) {
                continue;
            }
            Set<String> keep = ownersByCluster.getOrDefault(cluster, Set.of());
            try {
                List<String> deleted = objects.deleteUnowned(client.get(), owner -> keep.contains(owner) || busy.contains(owner));
                if (!deleted.isEmpty()) {
                    LOG.info("removed {} from member {}: their FederatedWorkloads have no replicas there", deleted, cluster);
                }
            } catch (KubernetesClientException e) {
                LOG.warn("member {} could not be swept: {}", cluster, e.getMessage());
            }
        }
    }

    /** Removes the owner's objects from every member that answers; those that do not are cleaned when they answer again. */
    private void withdraw(String key, String owner, Map<String, MemberObjects.Desired> none) {
        Map<String, String> left = apply(key, owner, none);
        if (!left.isEmpty()) {
            LOG.info("FederatedWorkload {} was deleted; members {} are cleaned when they answer", key, left.keySet());
        }
    }

    private void writeStatus(GenericKubernetesResource resource, long generation, Optional<Translated> workload, List<String> problems,
                             List<PlacedWorkload> placed, Map<String, String> unapplied) {
        Instant now = clock.instant();
        List<Condition> conditions = HubStatus.conditions(resource);
        boolean accepted = workload.isPresent() && problems.isEmpty();
        conditions = StatusConditions.set(conditions, Conditions.ACCEPTED, accepted, accepted ? "Valid" : "Invalid",
                accepted ? "placed as " + workload.get().specs().stream().map(WorkloadSpec::id).toList() : String.join("; ", problems),
                generation, now);
        int asked = workload.map(w -> w.specs().stream().mapToInt(WorkloadSpec::replicasOrDefault).sum()).orElse(0);
        List<ReplicaDecision> replicas = placed.stream().flatMap(p -> p.decision().replicas().stream()).toList();
        int placedReplicas = (int) replicas.stream().filter(ReplicaDecision::placed).count();
        Map<String, List<ReplicaDecision>> byCluster = new TreeMap<>();
        replicas.stream().filter(ReplicaDecision::placed).forEach(r -> byCluster.computeIfAbsent(r.cluster(), c -> new ArrayList<>()).add(r));
        Map<String, MemberObjects.Desired> inMembers = applied.getOrDefault(key(resource), Map.of());
        List<FederatedWorkload.ClusterPlacement> where = new ArrayList<>();
        byCluster.forEach((cluster, list) -> where.add(new FederatedWorkload.ClusterPlacement(cluster, list.size(),
                list.stream().map(ReplicaDecision::node).distinct().sorted().toList(),
                Optional.ofNullable(inMembers.get(cluster)).map(MemberObjects.Desired::runtime).orElse(null),
                round(list.stream().mapToDouble(ReplicaDecision::gramsPerHour).sum()))));
        List<FederatedWorkload.ClusterExclusion> exclusions = exclusions(replicas);
        boolean allPlaced = accepted && placedReplicas == asked && asked > 0;
        conditions = StatusConditions.set(conditions, Conditions.PLACED, allPlaced && unapplied.isEmpty(),
                !accepted ? "NotAccepted" : !allPlaced ? "WaitingForRoom" : unapplied.isEmpty() ? "Applied" : "Applying",
                !accepted ? "not placed: the spec is rejected" : !allPlaced ? (asked - placedReplicas) + " of " + asked
                        + " replicas wait for room" + unplacedReasons(replicas)
                        : unapplied.isEmpty() ? placedReplicas + " replicas in " + byCluster.keySet()
                        : "not yet in " + unapplied, generation, now);
        boolean degraded = accepted && (!allPlaced || !unapplied.isEmpty());
        conditions = StatusConditions.set(conditions, Conditions.DEGRADED, degraded, degraded ? (allPlaced ? "MemberUnavailable" : "Unplaced") : "AsPlaced",
                degraded ? (unapplied.isEmpty() ? "some replicas have no node" : unapplied.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "))) : "every replica runs where it was placed",
                generation, now);
        double grams = round(replicas.stream().mapToDouble(ReplicaDecision::gramsPerHour).sum());
        HubStatus.write(hub, RESOURCE, resource, new FederatedWorkload.Status(generation, conditions, asked, placedReplicas,
                grams, where, exclusions));
    }

    private static String unplacedReasons(List<ReplicaDecision> replicas) {
        Set<String> reasons = replicas.stream().filter(r -> !r.placed() && r.reason() != null).map(ReplicaDecision::reason)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return reasons.isEmpty() ? "" : ": " + String.join("; ", reasons);
    }

    /** For replicas that wait for room: each cluster the decision looked at, and the rules that ruled it out. */
    private static List<FederatedWorkload.ClusterExclusion> exclusions(List<ReplicaDecision> replicas) {
        Map<String, Set<String>> reasons = new TreeMap<>();
        replicas.stream().filter(replica -> !replica.placed()).forEach(replica -> replica.alternatives().stream()
                .filter(alternative -> !alternative.feasible())
                .forEach(alternative -> reasons.computeIfAbsent(alternative.cluster(), c -> new LinkedHashSet<>()).add(alternative.reason())));
        return reasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new FederatedWorkload.ClusterExclusion(entry.getKey(), List.copyOf(entry.getValue()))).toList();
    }

    private static double round(double grams) {
        return Math.round(grams * 1000) / 1000.0;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopObserving.run();
        informer.close();
    }
}
