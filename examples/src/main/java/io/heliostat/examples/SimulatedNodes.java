package io.heliostat.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.NodeReports;
import io.heliostat.solver.domain.Node;

/**
 * Stands in for the edge agents of a demo fleet: every beat, each node posts a real {@link NodeReport} to the
 * controller over HTTP, with its capacity, runtimes and power profile from the fleet file and a drifting load.
 * A node can be silenced to show the controller noticing it is gone.
 */
public final class SimulatedNodes {

    private final List<Node> nodes;
    private final URI controller;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final java.util.Set<String> silenced = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SimulatedNodes(List<Node> nodes, URI controller, ObjectMapper json, Clock clock) {
        this.nodes = List.copyOf(nodes);
        this.controller = controller;
        this.json = json;
        this.clock = clock;
    }

    /** One beat: a report from every node that is not silenced; waits until the controller has answered all. */
    public void beat() {
        long beat = sequence.incrementAndGet();
        CompletableFuture<?>[] sent = nodes.stream().filter(node -> !silenced.contains(node.id()))
                .map(node -> post(node, report(node, beat))).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sent).join();
    }

    public void silence(String nodeId) {
        silenced.add(nodeId);
    }

    public void resume(String nodeId) {
        silenced.remove(nodeId);
    }

    public long failures() {
        return failures.get();
    }

    NodeReport report(Node node, long beat) {
        return NodeReports.describing(node, beat, clock.instant(), 0.15 + 0.1 * Math.sin(beat / 6.0 + node.index()));
    }

    private CompletableFuture<?> post(Node node, NodeReport report) {
        try {
            HttpRequest request = HttpRequest.newBuilder(controller.resolve("/api/v1/nodes/" + node.id() + "/reports"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report))).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 202) {
                    failures.incrementAndGet();
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report of " + node.id() + " does not serialise", e);
        }
    }
}
