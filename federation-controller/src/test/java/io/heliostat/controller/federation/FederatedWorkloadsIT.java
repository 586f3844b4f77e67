package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.FederatedWorkloadSpec;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.mockclusters.MockCluster;

/**
 * A controller against a hub and one member cluster (fabric8's mock API servers in CRUD mode), its resync an hour
 * away: what the hub and the member receive is what changes cause, nothing else.
 */
class FederatedWorkloadsIT {

    private static final String NAMESPACE = "heliostat-system";
    private static final String TEMPLATE_PATH = "/apis/apps/v1/namespaces/shop/deployments/catalog-template";

    private MockCluster hub;
    private MockCluster north;
    private RunningController controller;

    @TempDir
    Path temp;

    @BeforeEach
    void start() throws IOException {
        hub = MockCluster.startOnFreePort();
        north = MockCluster.startOnFreePort();
        north.addNode("north-node-1", "8", "32Gi", Map.of("kubernetes.io/hostname", "north-node-1"));
        hub.keepKubeconfig(NAMESPACE, "north-kubeconfig", north.kubeconfig());
        hub.client().resource(TestMemberClusters.memberCluster("north", "NO", false, 59.9, 10.7, Map.of())).create();
        Path kubeconfig = temp.resolve("hub.kubeconfig");
        Files.writeString(kubeconfig, hub.kubeconfig());
        controller = RunningController.start(Map.of(
                "heliostat.kubernetes.hub.enabled", "true",
                "heliostat.kubernetes.hub.kubeconfig", kubeconfig.toString(),
                "heliostat.kubernetes.apply-mode", "update",
                "heliostat.kubernetes.resync", "PT1H",
                "heliostat.kubernetes.request-timeout", "PT1S",
                "heliostat.carbon.replay.enabled", "false",
                "heliostat.reoptimisation.enabled", "false"));
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        north.close();
        hub.close();
    }

    @Test
    void a_new_federated_workload_is_reconciled_once() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(controller.controller().placements().fleet().plan()
                .getNodes()).anyMatch(node -> node.cluster().id().equals("north")));
        // Its template is kept on the hub: each reconcile reads it once, so the reads count the reconciles.
        hub.client().resource(new DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("catalog-template")
                .endMetadata().withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", "catalog").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "catalog").endMetadata().withNewSpec().addNewContainer()
                .withName("catalog").withImage("registry.example/catalog:2.0").withNewResources()
                .addToRequests("cpu", new Quantity("250m")).endResources().endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        FederatedWorkload catalog = new FederatedWorkload();
        catalog.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("catalog").build());
        catalog.setSpec(new FederatedWorkloadSpec(null, new FederatedWorkloadSpec.TemplateReference("Deployment", "catalog-template"), 2,
                null, null));
        hub.takeRequests();
        north.takeRequests();

        hub.client().resource(catalog).create();

        await().atMost(Duration.ofSeconds(15)).until(() ->
                north.client().apps().deployments().inNamespace("shop").withName("catalog").get() != null);
        List<String> templateReads = new ArrayList<>();
        List<String> memberWrites = new ArrayList<>();
        // Long enough for a second reconcile, queued by the placement's own map event, to have come and gone.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            hub.takeRequests().stream().filter(request -> request.equals("GET " + TEMPLATE_PATH)).forEach(templateReads::add);
            north.takeRequests().stream().filter(request -> !request.startsWith("GET ")).forEach(memberWrites::add);
            assertThat(templateReads).as("reconciles").hasSize(1);
        });
        assertThat(memberWrites).as("what the member received")
                .containsExactly("POST /api/v1/namespaces", "POST /apis/apps/v1/namespaces/shop/deployments");
    }
}
