package io.heliostat.mockclusters;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A Kubernetes API server for tests and benchmarks: fabric8's mock server in CRUD mode (real HTTP, real watches),
 * reached by the controller through a {@link TcpLink} that the test can cut, as a network partition cuts a cluster off,
 * and restore. {@link #client()} reaches the server directly, past the link.
 */
public final class MockCluster implements AutoCloseable {

    private final int port;
    private final TcpLink link;
    private KubernetesMockServer server;
    private KubernetesClient client;

    private MockCluster(int port) {
        this.port = port;
        start();
        this.link = TcpLink.to(port);
    }

    public static MockCluster start(int port) {
        return new MockCluster(port);
    }

    public static MockCluster startOnFreePort() {
        return new MockCluster(TcpLink.freePort());
    }

    private void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            throw new IllegalStateException("mock API server did not start on port " + port, e);
        }
        client = server.createClient();
    }

    /** The link the controller reaches this cluster through: cut it to make the cluster unreachable. */
    public TcpLink link() {
        return link;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * The requests the server received since the last call, oldest first, as method and path ("GET /api/v1/..."): for
     * tests that count what a client asks. A watch counts once, when it starts.
     */
    public List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        try {
            for (RecordedRequest request = server.takeRequest(0, TimeUnit.MILLISECONDS); request != null;
                 request = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
                taken.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return taken;
    }

    /** A kubeconfig that reaches this server through its link. */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                current-context: mock
                users:
                - name: tester
                  user:
                    token: not-checked
                """.formatted(link.port());
    }

    /** Keeps {@code kubeconfig} in a secret of this (hub) cluster, under the key {@code kubeconfig}. */
    public void keepKubeconfig(String namespace, String name, String kubeconfig) {
        client.resource(new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToData("kubeconfig", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))).build())
                .create();
    }

    /** Adds a Ready node with this allocatable CPU and memory, and labels. */
    public void addNode(String name, String cpu, String memory, Map<String, String> labels) {
        client.resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                .addToAllocatable("ephemeral-storage", new Quantity("100Gi")).addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build()).create();
    }

    /** Adds a RuntimeClass with this handler, on every node. */
    public void addRuntimeClass(String name, String handler) {
        client.resource(new RuntimeClassBuilder().withNewMetadata().withName(name).endMetadata().withHandler(handler).build()).create();
    }

    @Override
    public void close() {
        link.close();
        client.close();
        server.destroy();
    }
}
