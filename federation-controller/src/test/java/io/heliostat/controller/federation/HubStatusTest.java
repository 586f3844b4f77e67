package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.mockclusters.MockCluster;

/**
 * Status writes as the hub receives them (fabric8's mock API server in CRUD mode records each request): the resource
 * in hand is what an informer holds, which does not show the controller's own last write until its event comes.
 */
class HubStatusTest {

    private static final String STATUS_PATH = "/apis/heliostat.io/v1alpha1/memberclusters/edge/status";

    private MockCluster hub;
    /** "edge" as its informer first saw it, without a status. */
    private GenericKubernetesResource seen;

    @BeforeEach
    void start() {
        hub = MockCluster.startOnFreePort();
        hub.client().resource(TestMemberClusters.memberCluster("edge", "DE", true, 50.1, 8.7, Map.of())).create();
        seen = hubEdge();
        hub.takeRequests();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private GenericKubernetesResource hubEdge() {
        return hub.client().genericKubernetesResources(MemberClusters.RESOURCE).withName("edge").get();
    }

    private static Map<String, Object> phase(String phase) {
        return Map.of("observedGeneration", 1, "phase", phase);
    }

    @Test
    void a_status_is_patched_without_reading_the_resource_first_and_not_again_while_it_holds() {
        assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Ready"))).isTrue();
        assertThat(hub.takeRequests()).containsExactly("PATCH " + STATUS_PATH);

        // The informer has not brought the write back yet: the same status is not written again.
        assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Ready"))).isTrue();
        assertThat(hub.takeRequests()).isEmpty();

        assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Suspect"))).isTrue();
        assertThat(hub.takeRequests()).containsExactly("PATCH " + STATUS_PATH);
        GenericKubernetesResource now = hubEdge();
        assertThat(now.getAdditionalProperties().get("status")).isEqualTo(Map.of("observedGeneration", 1, "phase", "Suspect"));
        assertThat(now.getAdditionalProperties().get("spec")).as("the spec is never written")
                .isEqualTo(seen.getAdditionalProperties().get("spec"));
    }

    @Test
    void a_status_another_writer_changed_is_written_again() {
        HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Ready"));
        hub.client().genericKubernetesResources(MemberClusters.RESOURCE).withName("edge").editStatus(other -> {
            other.setAdditionalProperty("status", Map.of("phase", "Lost", "note", "another writer's"));
            return other;
        });

        // Once the informer shows the other writer's status, the controller's is written over it.
        assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, hubEdge(), phase("Ready"))).isTrue();

        Map<?, ?> status = (Map<?, ?>) hubEdge().getAdditionalProperties().get("status");
        assertThat(status.get("phase")).isEqualTo("Ready");
        // The whole status is replaced: what the other writer added is gone.
        assertThat(status.containsKey("note")).isFalse();
    }

    @Test
    void a_patch_over_a_version_another_writer_changed_falls_back_to_reading_the_hub() {
        HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Ready"));
        hub.client().genericKubernetesResources(MemberClusters.RESOURCE).withName("edge").editStatus(other -> {
            other.setAdditionalProperty("status", Map.of("phase", "Lost", "note", "another writer's"));
            return other;
        });
        hub.takeRequests();

        // The informer is still behind both writes: the patch, conditional on the controller's version, is refused.
        assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, seen, phase("Suspect"))).isTrue();

        assertThat(hub.takeRequests()).as("the refused patch, then a read and a patch from what the hub has")
                .containsExactly("PATCH " + STATUS_PATH, "GET /apis/heliostat.io/v1alpha1/memberclusters/edge", "PATCH " + STATUS_PATH);
        assertThat(hubEdge().getAdditionalProperties().get("status")).isEqualTo(Map.of("observedGeneration", 1, "phase", "Suspect"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void lists_in_a_status_are_replaced_not_merged() {
        GenericKubernetesResource inHand = seen;
        for (String reason : List.of("Answers", "Unreachable", "Answers", "Unreachable")) {
            Map<String, Object> status = Map.of("observedGeneration", 1, "phase", reason.equals("Answers") ? "Ready" : "Unreachable",
                    "conditions", List.of(Map.of("type", "Ready", "status", reason.equals("Answers") ? "True" : "False", "reason", reason)));
            assertThat(HubStatus.write(hub.client(), MemberClusters.RESOURCE, inHand, status)).isTrue();
            inHand = hubEdge();
        }

        Map<?, ?> status = (Map<?, ?>) hubEdge().getAdditionalProperties().get("status");
        assertThat((List<Object>) status.get("conditions")).as("one Ready condition, the last written")
                .containsExactly(Map.of("type", "Ready", "status", "False", "reason", "Unreachable"));
    }
}
