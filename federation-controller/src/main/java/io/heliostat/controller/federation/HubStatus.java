package io.heliostat.controller.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status of Heliostat's resources on the hub: through the status subresource only, never the spec, and
 * only when it differs from what the resource shows, so that an unchanged status costs the hub nothing.
 */
public final class HubStatus {

    private static final Logger LOG = LoggerFactory.getLogger(HubStatus.class);
    /**
     * Statuses as JSON, with only the modules they need named: a mapper that finds its modules on the class path may find
     * one (Scala's, which Kafka's test kit brings) that writes small immutable lists as beans.
     */
    private static final ObjectMapper STATUS = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Absent and empty fields are left out, as the hub leaves them out of what it keeps: a status written again
            // with the same news then compares equal and is not written.
            .serializationInclusion(JsonInclude.Include.NON_EMPTY).build();

    private HubStatus() {
    }

    /** The conditions the resource's status shows now; none when it has no status yet. */
    public static List<Condition> conditions(GenericKubernetesResource resource) {
        JsonNode conditions = written(resource).path("conditions");
        if (!conditions.isArray()) {
            return List.of();
        }
        return STATUS.convertValue(conditions, STATUS.getTypeFactory().constructCollectionType(List.class, Condition.class));
    }

    /**
     * Patches the resource's status to {@code status} (an object Jackson writes as the status) unless it shows that
     * already; returns whether the hub now shows it. A failed write is logged and left for the next pass.
     */
    public static boolean write(KubernetesClient hub, ResourceDefinitionContext kind,
                                GenericKubernetesResource resource, Object status) {
        JsonNode desired;
        try {
            desired = STATUS.readTree(STATUS.writeValueAsBytes(status));
        } catch (IOException e) {
            throw new UncheckedIOException("a status could not be written as JSON", e);
        }
        if (desired.equals(written(resource))) {
            return true;
        }
        Map<?, ?> fields = STATUS.convertValue(desired, Map.class);
        try {
            // A JSON patch from the status the hub has now to this one: only what changed is sent.
            var named = resource.getMetadata().getNamespace() == null ? hub.genericKubernetesResources(kind)
                    : hub.genericKubernetesResources(kind).inNamespace(resource.getMetadata().getNamespace());
            named.withName(resource.getMetadata().getName()).editStatus(current -> {
                current.setAdditionalProperty("status", fields);
                return current;
            });
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("Could not write the status of {} {} ({}); trying again later", resource.getKind(),
                    resource.getMetadata().getName(), e.getMessage());
            return false;
        }
    }

    /** As JSON text reads back: numbers and times compare by what they say, not by the Java type that held them. */
    private static JsonNode written(GenericKubernetesResource resource) {
        try {
            return STATUS.readTree(STATUS.writeValueAsBytes(resource.getAdditionalProperties().get("status")));
        } catch (IOException e) {
            throw new UncheckedIOException("a status the hub sent could not be read as JSON", e);
        }
    }
}
