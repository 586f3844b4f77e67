package io.heliostat.controller.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status of Heliostat's resources on the hub: through the status subresource only, never the spec, and
 * only when it differs from what the resource shows, so that an unchanged status costs the hub nothing.
 *
 * <p>The resource in hand comes from an informer, which may not show the controller's last write yet. What was last
 * written is kept by resource uid, with the resourceVersion it was written over and the one it made: while the
 * informer still shows the version written over, the hub has the kept status, which is then the one compared and
 * patched from, so that a status is neither written twice nor read back first. The patch is conditional on that
 * resourceVersion; when another writer changed the resource meanwhile, it fails and the status is patched again from
 * what the hub has now (a read, then the patch).
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

    /** A status this controller wrote: over which resourceVersion, and the resourceVersion the hub gave it. */
    private record Written(JsonNode status, String over, String made) {
    }

    /** By resource uid, until the informer shows a newer version or the resource is deleted. */
    private static final Map<String, Written> WRITTEN = new ConcurrentHashMap<>();

    private HubStatus() {
    }

    /** The conditions the resource's status shows now, or the controller's last write of it; none when it has no status yet. */
    public static List<Condition> conditions(GenericKubernetesResource resource) {
        JsonNode conditions = shown(resource).path("conditions");
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
        String uid = resource.getMetadata().getUid();
        String version = resource.getMetadata().getResourceVersion();
        Written last = lastWrite(resource);
        if (desired.equals(last != null ? last.status() : written(resource))) {
            return true;
        }
        var named = resource.getMetadata().getNamespace() == null ? hub.genericKubernetesResources(kind)
                : hub.genericKubernetesResources(kind).inNamespace(resource.getMetadata().getNamespace());
        Resource<GenericKubernetesResource> one = named.withName(resource.getMetadata().getName());
        String over = last != null ? last.made() : version;
        GenericKubernetesResource after;
        try {
            // A JSON patch that sets the whole status, only if the resource is still at that version. Not a merge patch:
            // the mock API server merges arrays in one, so conditions piled up there.
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            if (over != null) {
                patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion").put("value", over);
            }
            patch.addObject().put("op", "add").put("path", "/status").set("value", desired);
            // Given the resource in hand, fabric8 sends the patch as it is, without reading the resource first.
            after = named.resource(resource).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), STATUS.writeValueAsString(patch));
        } catch (KubernetesClientException | IOException e) {
            try {
                // Another writer changed it (409), or the patch could not be made: from what the hub has now.
                Map<?, ?> fields = STATUS.convertValue(desired, Map.class);
                after = one.editStatus(current -> {
                    current.setAdditionalProperty("status", fields);
                    return current;
                });
            } catch (KubernetesClientException again) {
                LOG.warn("Could not write the status of {} {} ({}); trying again later", resource.getKind(),
                        resource.getMetadata().getName(), again.getMessage());
                if (uid != null) {
                    WRITTEN.remove(uid);
                }
                return false;
            }
        }
        if (uid != null && version != null && after != null) {
            // While the informer still shows the version in hand, the hub has this status.
            WRITTEN.put(uid, new Written(desired, version, after.getMetadata().getResourceVersion()));
        }
        return true;
    }

    /** The status the resource shows, or, while its informer has not seen the controller's last write, that write. */
    private static JsonNode shown(GenericKubernetesResource resource) {
        Written last = lastWrite(resource);
        return last != null ? last.status() : written(resource);
    }

    /**
     * The controller's last write of the resource's status while the resource in hand is the version it was written
     * over; null otherwise, and then it is forgotten: the informer has caught up, or someone else wrote since.
     */
    private static Written lastWrite(GenericKubernetesResource resource) {
        String uid = resource.getMetadata().getUid();
        Written last = uid == null ? null : WRITTEN.get(uid);
        if (last == null) {
            return null;
        }
        if (last.over().equals(resource.getMetadata().getResourceVersion())) {
            return last;
        }
        WRITTEN.remove(uid, last);
        return null;
    }

    /** Forgets what was written to a resource deleted from the hub. */
    public static void forget(String uid) {
        if (uid != null) {
            WRITTEN.remove(uid);
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
