package io.heliostat.controller.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

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
 */
public final class MemberObjects {

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

    /** Applies the object, creating its namespace first when the member has none by that name. */
    public void apply(KubernetesClient member, Desired desired) {
        if (member.namespaces().withName(desired.namespace()).get() == null) {
            member.resource(new NamespaceBuilder().withNewMetadata().withName(desired.namespace())
                    .addToLabels(MANAGED_BY, MANAGER).endMetadata().build()).createOr(NonDeletingOperation::update);
        }
        ObjectMeta metadata = metadata(desired);
        if (desired.kind().equals("Job")) {
            JobSpec spec = copy(member, desired.templateSpec(), JobSpec.class);
            spec.setParallelism(desired.replicas());
            spec.setCompletions(desired.replicas());
            // A Job shifted to a cleaner hour waits in the member suspended, as Kubernetes' own queueing does.
            spec.setSuspend(desired.startsAt().isPresent());
            pin(spec.getTemplate(), desired);
            Job job = new Job("batch/v1", "Job", metadata, spec, null);
            Job existing = member.batch().v1().jobs().inNamespace(desired.namespace()).withName(desired.name()).get();
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
        Deployment existing = member.apps().deployments().inNamespace(desired.namespace()).withName(desired.name()).get();
        if (existing != null && !owned(existing, desired.owner())) {
            throw new IllegalStateException("Deployment " + desired.namespace() + "/" + desired.name() + " exists and is not "
                    + desired.owner() + "'s; it is left alone");
        }
        if (settings.applyMode() == ControllerSettings.Kubernetes.ApplyMode.SERVER_SIDE) {
            member.resource(deployment).fieldManager(settings.fieldManager()).forceConflicts().serverSideApply();
        } else if (existing == null) {
            member.resource(deployment).create();
        } else {
            member.resource(deployment).unlock().update();
        }
    }

    /** Deletes the owner's Deployments and Jobs in the member other than those named in {@code keep}. */
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
