package io.heliostat.controller.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import io.heliostat.controller.ControllerMain;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.rest.NodesResource;

/**
 * Node reports over HTTP on loopback into one controller member, as agents send them: each of {@code --nodes}
 * nodes reports in turn with its next sequence number, {@code --in-flight} requests at a time over
 * {@code --connections} keep-alive connections; with {@code --batch n > 1}, n reports per request to
 * {@code POST /api/v1/reports}, as a gateway or a transport bridge sends them. Afterwards every node's last accepted sequence is checked
 * against the last one sent: a report acknowledged with 202 and not applied counts as lost.
 *
 * <pre>./heliostat bench ingest [--nodes 20000] [--reports 400000] [--connections 16] [--in-flight 128] [--batch 1]</pre>
 *
 * Prints {@code BENCH ingest nodes=… reports=… batch=… reports_per_s=… p50_ms=… p99_ms=… errors=… lost=…}. The load
 * generator runs in the same JVM as the controller and shares its two cores, so the figure is a floor.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--nodes", "--reports", "--connections", "--in-flight", "--batch");
        int nodes = options.integer("--nodes", 20_000, 1, 10_000_000);
        int reports = options.integer("--reports", 400_000, 1, 100_000_000);
        int connections = options.integer("--connections", 16, 1, 1024);
        int inFlight = options.integer("--in-flight", 128, 1, 100_000);
        int batch = options.integer("--batch", 1, 1, NodesResource.MAX_BATCH);
        int httpPort = BenchOptions.freePort();

        try (ControllerMain.Embedded member = ControllerMain.startEmbedded(Map.of(
                "camel.server.port", Integer.toString(httpPort), "camel.server.host", "127.0.0.1",
                "heliostat.cluster.port", Integer.toString(BenchOptions.freePort())))) {
            Vertx vertx = Vertx.vertx();
            try {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setDefaultHost("127.0.0.1").setDefaultPort(httpPort), new PoolOptions().setHttp1MaxSize(connections));
                int warmUp = Math.min(reports / 10, 50_000) / batch * batch;
                Run warm = send(client, nodes, 0, warmUp, inFlight, batch);
                Run run = send(client, nodes, warmUp, reports / batch * batch, inFlight, batch);
                long lost = lost(member, nodes, warmUp + reports);
                System.out.printf(Locale.ROOT, "BENCH ingest nodes=%d reports=%d batch=%d reports_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d lost=%d%n",
                        nodes, reports / batch * batch, batch, reports / batch * batch / run.seconds(), run.latencies().percentileMillis(50),
                        run.latencies().percentileMillis(99), warm.errors() + run.errors(), lost);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
        System.exit(0);
    }

    private record Run(double seconds, Latencies latencies, long errors) {
    }

    /**
     * Sends reports {@code first} to {@code first + count - 1} of the round-robin over the nodes, {@code batch}
     * per request; latencies are per request.
     */
    private static Run send(HttpClient client, int nodes, int first, int count, int inFlight, int batch)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        int requests = count / batch;
        CountDownLatch done = new CountDownLatch(requests);
        AtomicLong errors = new AtomicLong();
        Latencies latencies = new Latencies(requests);
        Instant observedAt = Instant.now();
        long started = System.nanoTime();
        for (int i = first; i < first + count; i += batch) {
            permits.acquire();
            String uri;
            String body;
            if (batch == 1) {
                uri = "/api/v1/nodes/node-" + (i % nodes) + "/reports";
                body = report(i % nodes, i / nodes + 1, observedAt);
            } else {
                uri = "/api/v1/reports";
                StringBuilder reports = new StringBuilder("[");
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
                        done.countDown();
                    });
        }
        done.await();
        return new Run((System.nanoTime() - started) / 1e9, latencies, errors.get());
    }

    private static String report(int node, long sequence, Instant observedAt) {
        return "{\"version\":1,\"nodeId\":\"node-" + node + "\",\"sequence\":" + sequence + ",\"observedAt\":\"" + observedAt
                + "\",\"cluster\":\"edge-" + (node % 50) + "\",\"capacity\":{\"cpuMillis\":4000,\"memoryMiB\":8192,\"gpus\":0,"
                + "\"dpus\":0,\"ephemeralStorageMiB\":32768},\"used\":{\"cpuMillis\":" + (sequence * 37 % 4000)
                + ",\"memoryMiB\":2048,\"gpus\":0,\"dpus\":0,\"ephemeralStorageMiB\":1024},\"power\":{\"drawWatts\":5.1,"
                + "\"idleWatts\":2.7,\"maxWatts\":7.3,\"budgetWatts\":0,\"measured\":true},\"temperatureCelsius\":48.5,"
                + "\"runtimes\":[\"runc\",\"wasm\"],\"rttMs\":{\"controller\":3.2}}";
    }

    /** Nodes whose last accepted sequence is not the last one sent to them. */
    private static long lost(ControllerMain.Embedded member, int nodes, int sent) {
        long lost = 0;
        for (int node = 0; node < nodes; node++) {
            long expected = lastSequence(node, nodes, sent);
            if (expected == 0) {
                continue;
            }
            long accepted = member.controller().nodes().node("node-" + node).map(NodeState::lastSequence).orElse(0L);
            if (accepted != expected) {
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
