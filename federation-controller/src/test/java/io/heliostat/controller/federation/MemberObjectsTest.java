package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.controller.ControllerSettings;

/**
 * What the controller sends a member, on the wire: fabric8's mock API server in expectation mode records each request,
 * so the server-side apply that a CRUD-mode mock cannot take (it answers every apply patch 404) is checked as a real API
 * server would receive it.
 */
class MemberObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubernetesMockServer member;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        member = new KubernetesMockServer(false);
        member.init();
        client = member.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        member.destroy();
    }

    private static MemberObjects.Desired web(Optional<String> runtimeClass) {
        DeploymentSpec template = new DeploymentBuilder().withNewSpec().withReplicas(5).withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1.4")
                .endContainer().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/arch").withOperator("In").withValues("amd64")
                .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().endSpec().endTemplate().endSpec().build().getSpec();
        return new MemberObjects.Desired("Deployment", "shop", "web", "shop.web", Map.of("team", "checkout"), Map.of(), template, 2,
                List.of("ip-10-0-1-5", "ip-10-0-1-6"), runtimeClass.isPresent() ? "gvisor" : "runc", runtimeClass,
                Optional.empty());
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest request = member.takeRequest(100, TimeUnit.MILLISECONDS); request != null;
             request = member.takeRequest(100, TimeUnit.MILLISECONDS)) {
            requests.add(request);
        }
        return requests;
    }

    @Test
    void a_deployment_is_applied_server_side_with_the_field_manager_pinned_to_the_chosen_nodes() throws Exception {
        member.expect().get().withPath("/api/v1/namespaces/shop").andReturn(200,
                new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).once();
        member.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/web").andReturn(404, "").once();
        member.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=heliostat&force=true")
                .andReturn(200, new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata().build()).once();

        // Watches not started: the member is asked, as before a member's watches have listed its objects.
        try (MemberObjects.Watched unwatched = MemberObjects.watch(client, "north")) {
            new MemberObjects(ControllerSettings.Kubernetes.ofDefaults()).apply(client, unwatched, web(Optional.of("gvisor")));
        }

        RecordedRequest apply = requests().stream().filter(request -> request.getMethod().equals("PATCH")).findFirst().orElseThrow();
        assertThat(apply.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        JsonNode body = JSON.readTree(apply.getBody().readUtf8());
        assertThat(body.at("/metadata/labels/" + FederatedWorkload.OWNER_LABEL.replace("/", "~1")).asText()).isEqualTo("shop.web");
        assertThat(body.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("heliostat");
        assertThat(body.at("/metadata/labels/team").asText()).isEqualTo("checkout");
        assertThat(body.at("/spec/replicas").asInt()).as("the replicas placed in this member, not the template's 5").isEqualTo(2);
        assertThat(body.at("/spec/template/spec/runtimeClassName").asText()).isEqualTo("gvisor");
        JsonNode term = body.at("/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0");
        assertThat(term.at("/matchExpressions/0/key").asText()).as("the template's own rule stays").isEqualTo("kubernetes.io/arch");
        assertThat(term.at("/matchFields/0/key").asText()).isEqualTo("metadata.name");
        assertThat(term.at("/matchFields/0/values").toString()).isEqualTo("[\"ip-10-0-1-5\",\"ip-10-0-1-6\"]");
        assertThat(body.at("/spec/template/metadata/labels/" + FederatedWorkload.OWNER_LABEL.replace("/", "~1")).asText())
                .isEqualTo("shop.web");
    }

    @Test
    void a_deployment_the_controller_did_not_make_is_left_alone() throws Exception {
        member.expect().get().withPath("/api/v1/namespaces/shop").andReturn(200,
                new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).once();
        member.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/web").andReturn(200,
                new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop").addToLabels("app", "web").endMetadata()
                        .build()).once();

        try (MemberObjects.Watched unwatched = MemberObjects.watch(client, "north")) {
            assertThatThrownBy(() -> new MemberObjects(ControllerSettings.Kubernetes.ofDefaults()).apply(client, unwatched,
                    web(Optional.empty()))).hasMessageContaining("Deployment shop/web exists and is not shop.web's; it is left alone");
        }
        assertThat(requests()).extracting(RecordedRequest::getMethod).doesNotContain("PATCH", "PUT", "DELETE");
    }
}
