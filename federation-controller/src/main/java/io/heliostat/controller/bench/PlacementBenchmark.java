package io.heliostat.controller.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.TolerationSpec;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.Controller;
import io.heliostat.controller.node.NodeReports;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.io.ProblemFileWriter;

/**
 * Single-workload placements over HTTP on loopback into one controller member whose fleet is a generated one
 * ({@code --size}, L = 5,000 nodes), every node Ready. Each request is a one-replica copy of one of the fleet's
 * services (its requests, residency, user location and latency SLO, selector, tolerations, sandbox); once
 * {@code --live} workloads are placed the oldest is deleted with each new one, so that the fleet's load holds
 * steady. {@code --clients} clients send at once, each a POST, then the DELETE it owes, then its next POST, over
 * a keep-alive connection of its own: the member decides one placement at a time (one live plan under one lock),
 * so concurrency overlaps the HTTP, JSON and shared-state work around the decisions with the decisions
 * themselves. The first {@code --warm-up} seconds are not measured; then {@code --decisions} placements are. The
 * rate asked for is the sustained one, so the warm-up outlasts the JIT: on two cores, with the load generator on
 * one of them, the member's compilers were busy (a second of compile time per second, some 16,000 methods) for
 * about 45 s of load, and a rate measured sooner included 15 % of the member's CPU spent compiling.
 *
 * <pre>./heliostat bench placement [--size L] [--decisions 20000] [--live 1000] [--clients 8] [--warm-up 60]</pre>
 *
 * Prints {@code BENCH placement nodes=… live=… clients=… decisions=… rps=… p50_ms=… p99_ms=… controller_cpu_ms=…
 * client_cpu_ms=… errors=…}: decisions per second, the latencies of the POSTs as a client sees them, and the CPU
 * time per decision (its POST and its share of the DELETEs) of the controller's JVM and of the load generator's.
 * The member runs in a JVM of its own ({@link ControllerProcess}) but on the same machine: on two cores the load
 * generator takes a share of the CPU the member would otherwise have.
 */
public final class PlacementBenchmark {

    private PlacementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--size", "--decisions", "--live", "--clients", "--warm-up");
        FleetSize size = FleetSize.valueOf(options.text("--size", "L").toUpperCase(Locale.ROOT));
        int decisions = options.integer("--decisions", 20_000, 1, 10_000_000);
        int live = options.integer("--live", 1000, 1, 1_000_000);
        int clients = options.integer("--clients", 8, 1, 1024);
        int warmUpSeconds = options.integer("--warm-up", 60, 0, 3600);
        FleetPlan fleet = new FleetGenerator().generate(size, 42);
        Path fleetFile = Files.createTempFile("heliostat-bench-fleet", ".json");
        ObjectMapper json = Controller.objectMapper();
        List<String> templates = fleet.getWorkloads().stream().filter(w -> w.kind() != WorkloadKind.BATCH)
                .map(w -> new String(bytes(json, spec(w)), StandardCharsets.UTF_8)).toList();
        try {
            ProblemFileWriter.write(fleet, fleetFile);
            try (ControllerProcess member = ControllerProcess.start(Map.of(
                    "heliostat.fleet.file", fleetFile.toString(),
                    // Nodes report once: none may be lost while the benchmark runs. A carbon refresh re-opens the
                    // live plan (seconds on L); neither is what this benchmark times.
                    "heliostat.nodes.suspect-after", "PT1H", "heliostat.nodes.lost-after", "PT2H",
                    "heliostat.placement.carbon-refresh", "PT1H"))) {
                reportAll(member, json, fleet.getNodes());
                Vertx vertx = Vertx.vertx();
                try {
                    io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                            .setDefaultHost("127.0.0.1").setDefaultPort(member.port()), new PoolOptions().setHttp1MaxSize(clients));
                    LivePlacements placed = new LivePlacements(live);
                    Run warm = run(client, member, templates, placed, clients, "warm-", Integer.MAX_VALUE,
                            System.nanoTime() + warmUpSeconds * 1_000_000_000L);
                    Run run = run(client, member, templates, placed, clients, "w-", decisions, Long.MAX_VALUE);
                    System.out.printf(Locale.ROOT, "BENCH placement nodes=%d live=%d clients=%d decisions=%d rps=%.0f p50_ms=%.2f "
                                    + "p99_ms=%.2f controller_cpu_ms=%.3f client_cpu_ms=%.3f errors=%d%n",
                            fleet.getNodes().size(), live, clients, run.decided(), run.decided() / run.seconds(),
                            run.latencies().percentileMillis(50), run.latencies().percentileMillis(99),
                            run.controllerCpuNanos() / 1e6 / run.decided(), run.clientCpuNanos() / 1e6 / run.decided(),
                            warm.errors() + run.errors());
                } finally {
                    vertx.close().toCompletionStage().toCompletableFuture().join();
                }
            }
        } finally {
            Files.deleteIfExists(fleetFile);
        }
        System.exit(0);
    }

    private record Run(int decided, double seconds, Latencies latencies, long errors, long controllerCpuNanos,
                       long clientCpuNanos) {
    }

    /** The workloads placed and not yet deleted, oldest first; any client may add one and take the oldest. */
    private static final class LivePlacements {

        private final int live;
        private final Deque<String> ids = new ArrayDeque<>();

        LivePlacements(int live) {
            this.live = live;
        }

        /** Adds a placed workload and returns the oldest to delete when more than {@code live} are placed, else null. */
        synchronized String placedTakingOldest(String id) {
            ids.addLast(id);
            return ids.size() > live ? ids.removeFirst() : null;
        }
    }

    /**
     * Placements {@code prefix0} to {@code prefix(count - 1)}, or fewer if the deadline passes first, by
     * {@code clients} clients at once; latencies are of the POSTs.
     */
    private static Run run(io.vertx.core.http.HttpClient client, ControllerProcess member, List<String> templates,
                           LivePlacements placed, int clients, String prefix, int count, long deadlineNanos)
            throws InterruptedException {
        Requests requests = new Requests(client, templates, placed, prefix, count, deadlineNanos, clients);
        long started = System.nanoTime();
        long controllerCpuStarted = member.cpuNanos();
        long clientCpuStarted = Latencies.processCpuNanos();
        for (int c = 0; c < clients; c++) {
            requests.next();
        }
        requests.done.await();
        return new Run(requests.decided.get(), (System.nanoTime() - started) / 1e9, requests.latencies, requests.errors.get(),
                member.cpuNanos() - controllerCpuStarted, Latencies.processCpuNanos() - clientCpuStarted);
    }

    /** The requests of one run; each client asks for the next placement when its last one (and DELETE) is answered. */
    private static final class Requests {

        private final io.vertx.core.http.HttpClient client;
        private final List<String> templates;
        private final LivePlacements placed;
        private final String prefix;
        private final int count;
        private final long deadlineNanos;
        private final AtomicInteger issued = new AtomicInteger();
        private final AtomicInteger decided = new AtomicInteger();
        private final AtomicLong errors = new AtomicLong();
        private final Latencies latencies;
        private final CountDownLatch done;

        Requests(io.vertx.core.http.HttpClient client, List<String> templates, LivePlacements placed, String prefix, int count,
                 long deadlineNanos, int clients) {
            this.client = client;
            this.templates = templates;
            this.placed = placed;
            this.prefix = prefix;
            this.count = count;
            this.deadlineNanos = deadlineNanos;
            // A warm-up (with a deadline) keeps no latencies.
            this.latencies = new Latencies(deadlineNanos == Long.MAX_VALUE ? count : 0);
            this.done = new CountDownLatch(clients);
        }

        void next() {
            int i = issued.getAndIncrement();
            if (i >= count || System.nanoTime() >= deadlineNanos) {
                done.countDown();
                return;
            }
            String id = prefix + i;
            // A fixed scramble of the templates, the same in every run.
            String template = templates.get(Math.floorMod(Long.hashCode(i * 0x9E3779B97F4A7C15L), templates.size()));
            long sent = System.nanoTime();
            send(client, HttpMethod.POST, "/api/v1/placements", template.replace("\"id\":\"template\"", "\"id\":\"" + id + "\""))
                    .onComplete(posted -> {
                        latencies.add(System.nanoTime() - sent);
                        if (posted.failed() || posted.result() != 201) {
                            errors.incrementAndGet();
                            next();
                            return;
                        }
                        decided.incrementAndGet();
                        String oldest = placed.placedTakingOldest(id);
                        if (oldest == null) {
                            next();
                            return;
                        }
                        send(client, HttpMethod.DELETE, "/api/v1/placements/" + oldest, null).onComplete(deleted -> {
                            if (deleted.failed() || deleted.result() != 204) {
                                errors.incrementAndGet();
                            }
                            next();
                        });
                    });
        }
    }

    /** The response's status, once its body has been read as a client would read it. */
    private static Future<Integer> send(io.vertx.core.http.HttpClient client, HttpMethod method, String uri, String body) {
        RequestOptions request = new RequestOptions().setMethod(method).setURI(uri);
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        return client.request(request)
                .compose(sending -> body == null ? sending.send() : sending.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    private static void reportAll(ControllerProcess member, ObjectMapper json, List<Node> nodes) {
        HttpClient client = HttpClient.newHttpClient();
        Instant now = Instant.now();
        for (int first = 0; first < nodes.size(); first += 1000) {
            List<NodeReport> batch = new ArrayList<>();
            for (Node node : nodes.subList(first, Math.min(nodes.size(), first + 1000))) {
                batch.add(NodeReports.describing(node, 1, now, 0.1));
            }
            HttpRequest request = HttpRequest.newBuilder(member.uri("/api/v1/reports")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(json, batch))).build();
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
                    throw new IllegalStateException("the controller refused the fleet's node reports");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A one-replica copy of a generated workload, as a user would request it; colocation and spread left out. */
    private static WorkloadSpec spec(Workload workload) {
        SandboxRequirement sandbox = workload.sandbox();
        return new WorkloadSpec("template", workload.tenant().isEmpty() ? null : workload.tenant(), workload.kind().id(),
                new ResourceRequest(workload.request().cpuMillis() + "m", workload.request().memoryMiB() + "Mi",
                        workload.request().gpus(), workload.request().dpus(), workload.request().ephemeralStorageMiB() + "Mi"),
                1, workload.nodeSelector(), workload.tolerations().stream().map(PlacementBenchmark::toleration).toList(),
                new SandboxSpec(SandboxSpec.ISOLATION_LEVELS.get(sandbox.minIsolation().ordinal()),
                        sandbox.runtime().map(runtime -> runtime.id()).orElse(null), sandbox.wasmModule()),
                List.copyOf(workload.residency()), workload.userLocation().map(location -> location.id()).orElse(null),
                workload.latencySloMs(), null, null, null, null, null, null, null, null);
    }

    private static TolerationSpec toleration(Toleration toleration) {
        return new TolerationSpec(toleration.key(), toleration.operator() == Toleration.Operator.EXISTS ? "Exists" : "Equal",
                toleration.operator() == Toleration.Operator.EXISTS ? null : toleration.value(),
                toleration.effect().map(effect -> effect.id()).orElse(null));
    }

    private static byte[] bytes(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
