package io.heliostat.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerMain;
import io.heliostat.controller.node.NodeReports;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.io.PlacementFileException;
import io.heliostat.solver.io.ProblemFileReader;

/**
 * A controller member started the way {@code ControllerMain} starts it (Camel Main, application.properties,
 * embedded HTTP server, Hazelcast member on loopback), on free ports, with property overrides.
 */
public final class RunningController implements AutoCloseable {

    /** The example policies of the repository, as the tests run in the module folder. */
    public static final java.nio.file.Path EXAMPLE_POLICIES = java.nio.file.Path.of("../examples/policies");
    public static final java.nio.file.Path DEMO_FLEET = java.nio.file.Path.of("../examples/fleets/demo-fleet.json");
    /** Zones and user locations only, for a controller whose clusters are a hub's member clusters. */
    public static final java.nio.file.Path HUB_FLEET = java.nio.file.Path.of("../examples/fleets/hub-fleet.json");

    private final ControllerMain.Embedded member;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningController(ControllerMain.Embedded member, int httpPort) {
        this.member = member;
        this.httpPort = httpPort;
    }

    public static RunningController start(Map<String, String> overrides) {
        int httpPort = freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("camel.server.port", Integer.toString(httpPort));
        properties.put("camel.server.host", "127.0.0.1");
        properties.put("heliostat.cluster.port", Integer.toString(freePort()));
        properties.put("heliostat.policies.directory", EXAMPLE_POLICIES.toString());
        properties.put("heliostat.fleet.file", DEMO_FLEET.toString());
        properties.putAll(overrides);
        return new RunningController(ControllerMain.startEmbedded(properties), httpPort);
    }

    public Controller controller() {
        return member.controller();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Posts a first report of every node of the demo fleet, at a fifth of its capacity, as their agents would. */
    public void reportEveryDemoNode() {
        reportDemoNodes(node -> true);
    }

    /** Posts a first report of the demo fleet's nodes whose id {@code which} accepts, as {@link #reportEveryDemoNode}. */
    public void reportDemoNodes(Predicate<String> which) {
        try {
            for (Node node : new ProblemFileReader().read(DEMO_FLEET).getNodes()) {
                if (!which.test(node.id())) {
                    continue;
                }
                HttpResponse<String> response = post("/api/v1/nodes/" + node.id() + "/reports",
                        Controller.objectMapper().writeValueAsString(NodeReports.describing(node, 1, Instant.now(), 0.2)));
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("report of " + node.id() + " refused: " + response.body());
                }
            }
        } catch (IOException | PlacementFileException e) {
            throw new IllegalStateException("the demo fleet cannot be read: " + e, e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        member.close();
    }
}
