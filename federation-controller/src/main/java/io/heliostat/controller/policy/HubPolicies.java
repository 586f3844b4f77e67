package io.heliostat.controller.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.federation.Conditions;
import io.heliostat.api.policy.PlacementPolicy;
import io.heliostat.api.policy.PlacementPolicyDocument;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.controller.federation.HubStatus;
import io.heliostat.controller.federation.StatusConditions;

/**
 * The placement policies of a hub cluster: its PlacementPolicy resources, applied there by GitOps, read by an informer
 * on every controller member. Each is read by {@link PolicyDocuments}, as a file of the policy directory is, so a
 * policy means the same and is rejected for the same reasons either way; a rejected policy keeps its last good version
 * in force (none, if it never had one), and a deleted policy is gone.
 *
 * <p>Resources are read as plain JSON rather than bound by the Kubernetes client: a value the API server's schema
 * would have refused (a hub without schema validation, such as a test server) must be reported at its field, not break
 * the informer. The leader writes each resource's status ({@link #writeStatuses}): condition {@code Accepted} for the
 * generation read, False with every field error while the last good version stays in force.
 */
public final class HubPolicies implements PolicySource {

    private static final Logger LOG = LoggerFactory.getLogger(HubPolicies.class);
    static final ResourceDefinitionContext RESOURCE = ResourceDefinitionContext.fromResourceType(PlacementPolicy.class);

    /** What the hub says of one policy: the generation read, the version in force, and why the latest was rejected. */
    private record Read(long generation, Optional<PlacementPolicySpec> inForce, List<PolicyFileError> problems) {
    }

    private final KubernetesClient hub;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile Map<String, PlacementPolicySpec> policies = PolicySource.withDefault(Map.of());
    private volatile List<PolicyFileError> problems = List.of();

    private HubPolicies(KubernetesClient hub, ObjectMapper json, Clock clock) {
        this.hub = hub;
        this.json = json;
        this.clock = clock;
        this.informer = hub.genericKubernetesResources(RESOURCE).inform(new Changes());
    }

    /** Watches the hub's PlacementPolicy resources; returns once the first list has been read. */
    public static HubPolicies watch(KubernetesClient hub, ObjectMapper json, Clock clock) {
        return new HubPolicies(hub, json, clock);
    }

    private final class Changes implements ResourceEventHandler<GenericKubernetesResource> {

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            read(resource);
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            read(after);
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            String name = resource.getMetadata().getName();
            HubStatus.forget(resource.getMetadata().getUid());
            reads.remove(name);
            LOG.info("PlacementPolicy {} was deleted from the hub", name);
            publish();
        }
    }

    private void read(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
        Read earlier = reads.get(name);
        if (earlier != null && earlier.generation() == generation) {
            return; // a status change, or a resync: the spec is the one read
        }
        Path where = Path.of(PlacementPolicy.class.getSimpleName(), name);
        Optional<PlacementPolicySpec> kept = earlier == null ? Optional.empty() : earlier.inForce();
        Read read;
        try {
            PolicyDefinition definition = PolicyDocuments.parse(where, document(resource)).get(0);
            read = new Read(generation, Optional.of(definition.spec()), List.of());
        } catch (PolicyFileException e) {
            // Lines of the JSON the hub sent would mean nothing to whoever wrote the YAML: the field names the place.
            List<PolicyFileError> errors = e.errors().stream()
                    .map(error -> new PolicyFileError(where, 0, 0, error.field(), error.reason())).toList();
            read = new Read(generation, kept, errors);
            LOG.warn("PlacementPolicy {} generation {} is rejected; {}:{}", name, generation,
                    kept.isPresent() ? "its last good version stays in force" : "it does not apply",
                    errors.stream().map(error -> System.lineSeparator() + "  " + error).collect(Collectors.joining()));
        }
        reads.put(name, read);
        publish();
    }

    /** The policy document the resource carries, as a file of the policy directory would hold it. */
    private byte[] document(GenericKubernetesResource resource) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", resource.getApiVersion());
        document.put("kind", resource.getKind());
        document.put("metadata", Map.of("name", resource.getMetadata().getName()));
        document.put("spec", resource.getAdditionalProperties().getOrDefault("spec", Map.of()));
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resource the hub sent as JSON could not be written as JSON", e);
        }
    }

    private synchronized void publish() {
        Map<String, PlacementPolicySpec> defined = new TreeMap<>();
        reads.forEach((name, read) -> read.inForce().ifPresent(spec -> defined.put(name, spec)));
        Map<String, PlacementPolicySpec> next = PolicySource.withDefault(defined);
        problems = reads.values().stream().flatMap(read -> read.problems().stream()).toList();
        if (!next.equals(policies)) {
            policies = next;
            LOG.info("Policies in force from the hub: {}", next.keySet());
        }
    }

    @Override
    public Map<String, PlacementPolicySpec> policies() {
        return policies;
    }

    @Override
    public List<PolicyFileError> problems() {
        return problems;
    }

    /**
     * Writes the {@code Accepted} condition of each policy whose status does not say yet what was made of its current
     * generation; the leader's work. A write that fails is tried again at the next call.
     */
    public void writeStatuses() {
        for (GenericKubernetesResource resource : informer.getStore().list()) {
            Read read = reads.get(resource.getMetadata().getName());
            if (read == null || read.generation() != Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L)) {
                continue; // not read yet: the next call writes it
            }
            boolean accepted = read.problems().isEmpty();
            String reason = accepted ? "Valid" : "Invalid";
            String message = accepted ? "in force" : read.problems().stream().map(error -> error.field() + ": " + error.reason())
                    .collect(Collectors.joining("; ")) + (read.inForce().isPresent() ? "; the last accepted version stays in force" : "");
            List<Condition> conditions = StatusConditions.set(HubStatus.conditions(resource), Conditions.ACCEPTED, accepted,
                    reason, message, read.generation(), clock.instant());
            HubStatus.write(hub, RESOURCE, resource, new PlacementPolicy.Status(read.generation(), conditions));
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
