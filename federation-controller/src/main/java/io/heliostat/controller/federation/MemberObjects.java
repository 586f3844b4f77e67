package io.heliostat.controller.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.controller.ControllerSettings;

/**
 * The objects a FederatedWorkload runs as in one member cluster: a Deployment or Job in the FederatedWorkload's
 * namespace, named as it is, its pods held to the nodes placement chose ({@code matchFields} on {@code metadata.name},
 * added to every required node-affinity term the template has) and given the RuntimeClass of the chosen sandbox.
 * Each carries {@value FederatedWorkload#OWNER_LABEL} and {@value #MANAGED_BY}: only objects with both are ever changed
 * or deleted, so objects the controller did not make are never touched.
 *
 * <p>A Job placed to start later is created suspended and resumed when its start comes. Deployments are applied
 * server-side with the controller's field manager, or, in {@code update} mode, created or
 * replaced (for API servers without server-side apply, such as fabric8's mock API server, whose CRUD mode answers
 * every apply patch 404). A Job's pod template cannot change once created: a Job whose
 * placement changed is deleted and created anew.
 *
 * <p>What a member already holds is read from its {@link Watched} objects once their watches have listed them: a
 * FederatedWorkload is compared with every member at every resync, and asking each member each time would cost a
 * list of Deployments and one of Jobs per member and workload.
 */
public final class MemberObjects {

    private static final Logger LOG = LoggerFactory.getLogger(MemberObjects.class);
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "heliostat";

    private final ControllerSettings.Kubernetes settings;

    public MemberObjects(ControllerSettings.Kubernetes settings) {
        this.settings = settings;
    }

    /**
     * What one member should run of one FederatedWorkload.
     *
     * @param runtime      the sandbox runtime placement chose, such as runc or gvisor
     * @param runtimeClass the member's RuntimeClass that gives it; empty for runc
     * @param startsAt     for a Job placed to start later, when: until then it is applied suspended
     */
    public record Desired(String kind, String namespace, String name, String owner, Map<String, String> labels,
                          Map<String, String> annotations, Object templateSpec, int replicas, List<String> nodeNames,
                          String runtime, Optional<String> runtimeClass, Optional<Instant> startsAt) {
    }

    /**
     * A member's Deployments and Jobs that carry {@value #MANAGED_BY}, as watches on its API server report them, by
     * owner, and the namespaces found or made there. Watches that fail are retried for as long as the member is
     * followed: a member that does not answer now may answer later. A break is logged once, as one line naming the
     * member and the reason (the stack at DEBUG), and the recovery once: not every retry.
     */
    public static final class Watched implements AutoCloseable {

        private static final String BY_OWNER = "owner";
        private final String memberName;
        private final SharedIndexInformer<Deployment> deployments;
        private final SharedIndexInformer<Job> jobs;
        private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
        private boolean started;
        private boolean closed;
        /** Whether a break was logged and its recovery not yet. */
        private volatile boolean broken;

        private Watched(KubernetesClient member, String memberName) {
            this.memberName = memberName;
            this.deployments = byOwner(member.apps().deployments().inAnyNamespace().withLabel(MANAGED_BY, MANAGER).runnableInformer(0));
            this.jobs = byOwner(member.batch().v1().jobs().inAnyNamespace().withLabel(MANAGED_BY, MANAGER).runnableInformer(0));
        }

        private <T extends HasMetadata> SharedIndexInformer<T> byOwner(SharedIndexInformer<T> informer) {
            Function<T, List<String>> owner = object -> {
                Map<String, String> labels = object.getMetadata().getLabels();
                String name = labels == null ? null : labels.get(FederatedWorkload.OWNER_LABEL);
                return name == null ? List.of() : List.of(name);
            };
            informer.addIndexers(Map.of(BY_OWNER, owner));
            informer.exceptionHandler(this::retry);
            return informer;
        }

        /** Every failure of a watch or its list is retried (with the client's back-off); the first of a break is logged. */
        private boolean retry(boolean wasStarted, Throwable error) {
            synchronized (this) {
                if (closed) {
                    // A watch stopped by close() may still report its last failure: nothing broke.
                    return true;
                }
                if (!broken) {
                    broken = true;
                    LOG.warn("watches of member cluster {} broke ({}); retrying until it answers", memberName, MemberObjects.reason(error));
                }
            }
            LOG.debug("watch of member cluster {} failed", memberName, error);
            return true;
        }

        /** Logs, once after a break, that both watches run again; a heartbeat that answers asks. */
        void noticeRecovery() {
            if (broken && deployments.isWatching() && jobs.isWatching()) {
                synchronized (this) {
                    if (!broken) {
                        return;
                    }
                    broken = false;
                }
                LOG.info("watches of member cluster {} run again", memberName);
            }
        }

        /** Starts the watches, once; a closed one stays closed. */
        public synchronized void start() {
            if (!started && !closed) {
                started = true;
                deployments.start();
                jobs.start();
            }
        }

        /** Whether both watches run and have listed the member's objects once: until then, the member is asked. */
        boolean synced() {
            return deployments.isRunning() && jobs.isRunning() && deployments.hasSynced() && jobs.hasSynced();
        }

        @Override
        public synchronized void close() {
            closed = true;
            deployments.close();
            jobs.close();
        }
    }

    /** A failure in one line: the client's message and, when it wraps one, the first cause's ("Connection refused"). */
    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error || root.getMessage() == null ? String.valueOf(error.getMessage())
                : error.getMessage() + ": " + root.getMessage();
    }

    /** The member's objects to watch, from {@link Watched#start()} on; they are read from the watches once these have listed them. */
    public static Watched watch(KubernetesClient member, String memberName) {
        return new Watched(member, memberName);
    }

    /** Applies the object, creating its namespace first when the member has none by that name. */
    public void apply(KubernetesClient member, Watched watched, Desired desired) {
        if (!watched.namespaces.contains(desired.namespace())) {
            if (member.namespaces().withName(desired.namespace()).get() == null) {
                member.resource(new NamespaceBuilder().withNewMetadata().withName(desired.namespace())
                        .addToLabels(MANAGED_BY, MANAGER).endMetadata().build()).createOr(NonDeletingOperation::update);
            }
            watched.namespaces.add(desired.namespace());
        }
        try {
            applyObject(member, watched, desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                // The namespace may have been deleted since: it is looked for again next time.
                watched.namespaces.remove(desired.namespace());
            }
            throw e;
        }
    }

    private void applyObject(KubernetesClient member, Watched watched, Desired desired) {
        ObjectMeta metadata = metadata(desired);
        if (desired.kind().equals("Job")) {
            JobSpec spec = copy(member, desired.templateSpec(), JobSpec.class);
            spec.setParallelism(desired.replicas());
            spec.setCompletions(desired.replicas());
            // A Job shifted to a cleaner hour waits in the member suspended, as Kubernetes' own queueing does.
            spec.setSuspend(desired.startsAt().isPresent());
            pin(spec.getTemplate(), desired);
            Job job = new Job("batch/v1", "Job", metadata, spec, null);
            Job existing = watched.synced() ? watched.jobs.getStore().getByKey(desired.namespace() + "/" + desired.name())
                    : member.batch().v1().jobs().inNamespace(desired.namespace()).withName(desired.name()).get();
            if (existing != null) {
                if (!owned(existing, desired.owner())) {
                    throw new IllegalStateException("Job " + desired.namespace() + "/" + desired.name() + " exists and is not "
                            + desired.owner() + "'s; it is left alone");
                }
                if (sameJob(existing, job)) {
                    if (!Objects.equals(existing.getSpec().getSuspend(), spec.getSuspend())) {
                        member.batch().v1().jobs().inNamespace(desired.namespace()).withName(desired.name())
                                .edit(running -> {
                                    running.getSpec().setSuspend(spec.getSuspend());
                                    return running;
                                });
                    }
                    return;
                }
                member.resource(existing).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
            member.resource(job).create();
            return;
        }
        DeploymentSpec spec = copy(member, desired.templateSpec(), DeploymentSpec.class);
        spec.setReplicas(desired.replicas());
        pin(spec.getTemplate(), desired);
        Deployment deployment = new Deployment("apps/v1", "Deployment", metadata, spec, null);
        Deployment existing = watched.synced() ? watched.deployments.getStore().getByKey(desired.namespace() + "/" + desired.name())
                : member.apps().deployments().inNamespace(desired.namespace()).withName(desired.name()).get();
        requireOwned(existing, desired);
        if (settings.applyMode() == ControllerSettings.Kubernetes.ApplyMode.SERVER_SIDE) {
            member.resource(deployment).fieldManager(settings.fieldManager()).forceConflicts().serverSideApply();
        } else if (existing == null) {
            try {
                member.resource(deployment).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Made since the watch last reported: replaced if it is this owner's.
                requireOwned(member.apps().deployments().inNamespace(desired.namespace()).withName(desired.name()).get(), desired);
                member.resource(deployment).unlock().update();
            }
        } else {
            member.resource(deployment).unlock().update();
        }
    }

    private static void requireOwned(Deployment existing, Desired desired) {
        if (existing != null && !owned(existing, desired.owner())) {
            throw new IllegalStateException("Deployment " + desired.namespace() + "/" + desired.name() + " exists and is not "
                    + desired.owner() + "'s; it is left alone");
        }
    }

    /** Deletes the owner's Deployments and Jobs in the member other than those named in {@code keep}, asking the member which it has. */
    public List<String> deleteOthers(KubernetesClient member, String owner, Set<String> keep) {
        List<String> deleted = new ArrayList<>();
        for (HasMetadata object : managed(member, owner)) {
            if (!keep.contains(key(object))) {
                member.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                deleted.add(key(object));
            }
        }
        return deleted;
    }

    /** Deletes every Deployment and Job this controller made in the member whose owner {@code keep} does not accept. */
    public List<String> deleteUnowned(KubernetesClient member, Predicate<String> keep) {
        List<String> deleted = new ArrayList<>();
        for (HasMetadata object : managed(member, null)) {
            String owner = object.getMetadata().getLabels().get(FederatedWorkload.OWNER_LABEL);
            if (owner != null && !keep.test(owner)) {
                member.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                deleted.add(key(object));
            }
        }
        return deleted;
    }

    /** The Deployments and Jobs this controller made in the member, of one owner or (null) of all. */
    private static List<HasMetadata> managed(KubernetesClient member, String owner) {
        List<HasMetadata> found = new ArrayList<>();
        var deployments = member.apps().deployments().inAnyNamespace().withLabel(MANAGED_BY, MANAGER);
        var jobs = member.batch().v1().jobs().inAnyNamespace().withLabel(MANAGED_BY, MANAGER);
        if (owner != null) {
            deployments = deployments.withLabel(FederatedWorkload.OWNER_LABEL, owner);
            jobs = jobs.withLabel(FederatedWorkload.OWNER_LABEL, owner);
        }
        found.addAll(deployments.list().getItems());
        found.addAll(jobs.list().getItems());
        return found;
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** The key {@link #deleteOthers} knows an object by. */
    public static String key(Desired desired) {
        return desired.kind() + "/" + desired.namespace() + "/" + desired.name();
    }

    private static boolean owned(HasMetadata object, String owner) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && owner.equals(labels.get(FederatedWorkload.OWNER_LABEL)) && MANAGER.equals(labels.get(MANAGED_BY));
    }

    private static boolean sameJob(Job existing, Job job) {
        return existing.getSpec() != null && job.getSpec().getParallelism().equals(existing.getSpec().getParallelism())
                && affinityOf(existing.getSpec().getTemplate()).equals(affinityOf(job.getSpec().getTemplate()));
    }

    private static Object affinityOf(PodTemplateSpec template) {
        return template == null || template.getSpec() == null || template.getSpec().getAffinity() == null ? ""
                : template.getSpec().getAffinity();
    }

    private static ObjectMeta metadata(Desired desired) {
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(desired.name());
        metadata.setNamespace(desired.namespace());
        Map<String, String> labels = new HashMap<>(desired.labels());
        labels.put(FederatedWorkload.OWNER_LABEL, desired.owner());
        labels.put(MANAGED_BY, MANAGER);
        metadata.setLabels(labels);
        if (!desired.annotations().isEmpty()) {
            metadata.setAnnotations(desired.annotations());
        }
        return metadata;
    }

    /** The template's spec as a fresh object of the member's model, so that each member's copy can be changed on its own. */
    private static <T> T copy(KubernetesClient member, Object spec, Class<T> type) {
        return member.getKubernetesSerialization().convertValue(spec, type);
    }

    /** Holds the pods to the chosen nodes, and gives them the chosen sandbox's RuntimeClass. */
    private static void pin(PodTemplateSpec template, Desired desired) {
        PodSpec pod = template.getSpec();
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        labels.put(FederatedWorkload.OWNER_LABEL, desired.owner());
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        template.getMetadata().setLabels(labels);
        NodeSelectorRequirement onChosenNodes = new NodeSelectorRequirement("metadata.name", "In", List.copyOf(desired.nodeNames()));
        Affinity affinity = pod.getAffinity() == null ? new Affinity() : pod.getAffinity();
        NodeAffinity nodeAffinity = affinity.getNodeAffinity() == null ? new NodeAffinity() : affinity.getNodeAffinity();
        NodeSelector required = nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        List<NodeSelectorTerm> terms = required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()
                ? List.of(new NodeSelectorTerm()) : required.getNodeSelectorTerms();
        for (NodeSelectorTerm term : terms) {
            List<NodeSelectorRequirement> fields = new ArrayList<>(term.getMatchFields() == null ? List.of() : term.getMatchFields());
            fields.add(onChosenNodes);
            term.setMatchFields(fields);
        }
        nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(List.copyOf(terms)));
        affinity.setNodeAffinity(nodeAffinity);
        pod.setAffinity(affinity);
        desired.runtimeClass().ifPresent(pod::setRuntimeClassName);
    }
}
