package io.heliostat.controller.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import io.heliostat.controller.rest.NodesResource;

/**
 * Node reports over HTTP on loopback into one controller member, as agents send them: each of {@code --nodes}
 * nodes reports in turn with its next sequence number, {@code --in-flight} requests at a time over
 * {@code --connections} keep-alive connections; with {@code --batch n > 1}, n reports per request to
 * {@code POST /api/v1/reports}, as a gateway or a transport bridge sends them. The first {@code --warm-up} seconds
 * of sending are not measured, so that the rate is the sustained one (on two cores, with the load generator on one
 * of them, the member's JIT compilers stay busy for most of a minute); then {@code --reports} reports are. Afterwards every node's last accepted sequence, read with
 * {@code GET /api/v1/nodes}, is checked against the last one sent: a report acknowledged with 202 and not applied
 * counts as lost.
 *
 * <pre>./heliostat bench ingest [--nodes 20000] [--reports 400000] [--connections 16] [--in-flight 128] [--batch 1] [--warm-up 60]</pre>
 *
 * Prints {@code BENCH ingest nodes=… reports=… batch=… reports_per_s=… p50_ms=… p99_ms=… controller_cpu_us=…
 * client_cpu_us=… errors=… lost=…}: latencies per request as the client sees them (with {@code --in-flight}
 * requests queued, mostly waiting for their turn), and the CPU time per report of the controller's JVM and of the
 * load generator's. The member runs in a JVM of its own ({@link ControllerProcess}), but on the same machine: on
 * two cores the load generator takes a share of the CPU the member would otherwise have, so the rate is a floor.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--nodes", "--reports", "--connections", "--in-flight", "--batch", "--warm-up");
        int nodes = options.integer("--nodes", 20_000, 1, 10_000_000);
        int reports = options.integer("--reports", 400_000, 1, 100_000_000);
        int connections = options.integer("--connections", 16, 1, 1024);
        int inFlight = options.integer("--in-flight", 128, 1, 100_000);
        int batch = options.integer("--batch", 1, 1, NodesResource.MAX_BATCH);
        int warmUpSeconds = options.integer("--warm-up", 60, 0, 3600);

        try (ControllerProcess member = ControllerProcess.start(Map.of())) {
            Vertx vertx = Vertx.vertx();
            try {
                io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setDefaultHost("127.0.0.1").setDefaultPort(member.port()), new PoolOptions().setHttp1MaxSize(connections));
                Run warm = send(client, member, nodes, 0, Integer.MAX_VALUE / batch * batch,
                        System.nanoTime() + warmUpSeconds * 1_000_000_000L, inFlight, batch);
                Run run = send(client, member, nodes, warm.sent(), reports / batch * batch, Long.MAX_VALUE, inFlight, batch);
                long lost = lost(member.uri("/api/v1/nodes"), nodes, warm.sent() + run.sent());
                System.out.printf(Locale.ROOT, "BENCH ingest nodes=%d reports=%d batch=%d reports_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
                                + "controller_cpu_us=%.1f client_cpu_us=%.1f errors=%d lost=%d%n",
                        nodes, run.sent(), batch, run.sent() / run.seconds(), run.latencies().percentileMillis(50),
                        run.latencies().percentileMillis(99), run.controllerCpuNanos() / 1e3 / run.sent(),
                        run.clientCpuNanos() / 1e3 / run.sent(), warm.errors() + run.errors(), lost);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
        System.exit(0);
    }

    private record Run(int sent, double seconds, Latencies latencies, long errors, long controllerCpuNanos, long clientCpuNanos) {
    }

    /**
     * Sends reports {@code first} to {@code first + count - 1} of the round-robin over the nodes, {@code batch}
     * per request, or fewer if the deadline passes first; latencies are per request.
     */
    private static Run send(io.vertx.core.http.HttpClient client, ControllerProcess member, int nodes, int first, int count,
                            long deadlineNanos, int inFlight, int batch) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong errors = new AtomicLong();
        // A warm-up (with a deadline) keeps no latencies.
        Latencies latencies = new Latencies(deadlineNanos == Long.MAX_VALUE ? count / batch : 0);
        Instant observedAt = Instant.now();
        long started = System.nanoTime();
        long controllerCpuStarted = member.cpuNanos();
        long clientCpuStarted = Latencies.processCpuNanos();
        int end = first;
        for (int i = first; i < first + count && System.nanoTime() < deadlineNanos; i += batch) {
            permits.acquire();
            end = i + batch;
            String uri;
            String body;
            if (batch == 1) {
                uri = "/api/v1/nodes/node-" + (i % nodes) + "/reports";
                body = report(i % nodes, i / nodes + 1, observedAt);
            } else {
                uri = "/api/v1/reports";
                StringBuilder reports = new StringBuilder(batch * 720).append('[');
                for (int r = i; r < i + batch; r++) {
                    reports.append(r == i ? "" : ",").append(report(r % nodes, r / nodes + 1, observedAt));
                }
                body = reports.append(']').toString();
            }
            long sent = System.nanoTime();
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .onComplete(result -> {
                        if (result.failed() || result.result().statusCode() != 202) {
                            errors.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - sent);
                        permits.release();
                    });
        }
        permits.acquire(inFlight);
        return new Run(end - first, (System.nanoTime() - started) / 1e9, latencies, errors.get(),
                member.cpuNanos() - controllerCpuStarted, Latencies.processCpuNanos() - clientCpuStarted);
    }

    private static String report(int node, long sequence, Instant observedAt) {
        return "{\"version\":1,\"nodeId\":\"node-" + node + "\",\"sequence\":" + sequence + ",\"observedAt\":\"" + observedAt
                + "\",\"cluster\":\"edge-" + (node % 50) + "\",\"capacity\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,"
                + "\"dpus\":0,\"ephemeralStorageMiB\":32768},\"used\":{\"cpuMillis\":" + (sequence * 37 % 4000)
                + ",\"memoryMiB\":2048,\"gpus\":0,\"dpus\":0,\"ephemeralStorageMiB\":1024},\"power\":{\"drawWatts\":5.1,"
                + "\"idleWatts\":2.7,\"maxWatts\":7.3,\"budgetWatts\":0,\"measured\":true},\"temperatureCelsius\":48.5,"
                + "\"runtimes\":[\"runc\",\"wasm\"],\"rttMs\":{\"controller\":3.2}}";
    }

    /** Nodes whose last accepted sequence, as {@code GET /api/v1/nodes} shows it, is not the last one sent to them. */
    private static long lost(URI nodesUri, int nodes, int sent) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(nodesUri).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + nodesUri + " answered " + response.statusCode());
        }
        Map<String, Long> accepted = new HashMap<>();
        for (JsonNode node : new ObjectMapper().readTree(response.body())) {
            accepted.put(node.path("nodeId").asText(), node.path("lastSequence").asLong());
        }
        long lost = 0;
        for (int node = 0; node < nodes; node++) {
            long expected = lastSequence(node, nodes, sent);
            if (expected != 0 && accepted.getOrDefault("node-" + node, 0L) != expected) {
                lost++;
            }
        }
        return lost;
    }

    private static long lastSequence(int node, int nodes, int sent) {
        if (node >= sent) {
            return 0;
        }
        return (sent - 1 - node) / nodes + 1;
    }
}
