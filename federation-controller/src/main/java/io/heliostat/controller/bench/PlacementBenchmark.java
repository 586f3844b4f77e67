package io.heliostat.controller.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.TolerationSpec;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerMain;
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
 * steady. Requests go one at a time, as the member decides one at a time.
 *
 * <pre>./heliostat bench placement [--size L] [--decisions 20000] [--live 1000]</pre>
 *
 * Prints {@code BENCH placement nodes=… live=… decisions=… rps=… p50_ms=… p99_ms=… errors=…}, latencies of the
 * POSTs as the client sees them. The client shares the JVM and the two cores with the controller.
 */
public final class PlacementBenchmark {

    private PlacementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--size", "--decisions", "--live");
        FleetSize size = FleetSize.valueOf(options.text("--size", "L").toUpperCase(Locale.ROOT));
        int decisions = options.integer("--decisions", 20_000, 1, 10_000_000);
        int live = options.integer("--live", 1000, 1, 1_000_000);
        FleetPlan fleet = new FleetGenerator().generate(size, 42);
        Path fleetFile = Files.createTempFile("heliostat-bench-fleet", ".json");
        ProblemFileWriter.write(fleet, fleetFile);
        int httpPort = BenchOptions.freePort();
        ObjectMapper json = Controller.objectMapper();
        List<byte[]> templates = fleet.getWorkloads().stream().filter(w -> w.kind() != WorkloadKind.BATCH)
                .map(w -> bytes(json, spec(w))).toList();

        try (ControllerMain.Embedded member = ControllerMain.startEmbedded(Map.of(
                "camel.server.port", Integer.toString(httpPort), "camel.server.host", "127.0.0.1",
                "heliostat.cluster.port", Integer.toString(BenchOptions.freePort()),
                "heliostat.fleet.file", fleetFile.toString(),
                // Nodes report once: none may be lost while the benchmark runs. A carbon refresh re-opens the live
                // plan (seconds on L); neither is what this benchmark times.
                "heliostat.nodes.suspect-after", "PT1H", "heliostat.nodes.lost-after", "PT2H",
                "heliostat.placement.carbon-refresh", "PT1H"))) {
            URI base = URI.create("http://127.0.0.1:" + httpPort);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try {
                reportAll(client, base, json, fleet.getNodes());
                Random random = new Random(7);
                Deque<String> placed = new ArrayDeque<>();
                run(client, base, templates, random, placed, live, "warm-", Math.min(decisions, 2000));
                Run run = run(client, base, templates, random, placed, live, "w-", decisions);
                System.out.printf(Locale.ROOT, "BENCH placement nodes=%d live=%d decisions=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d%n",
                        fleet.getNodes().size(), live, decisions, decisions / run.seconds(), run.latencies().percentileMillis(50),
                        run.latencies().percentileMillis(99), run.errors());
            } finally {
                Files.deleteIfExists(fleetFile);
            }
        }
        System.exit(0);
    }

    private record Run(double seconds, Latencies latencies, long errors) {
    }

    private static Run run(HttpClient client, URI base, List<byte[]> templates, Random random, Deque<String> placed, int live,
                           String prefix, int count) {
        Latencies latencies = new Latencies(count);
        long errors = 0;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            String body = new String(templates.get(random.nextInt(templates.size()))).replace("\"id\":\"template\"", "\"id\":\"" + id + "\"");
            long sent = System.nanoTime();
            int status = send(client, "POST", base.resolve("/api/v1/placements"), body);
            latencies.add(System.nanoTime() - sent);
            if (status != 201) {
                errors++;
                continue;
            }
            placed.addLast(id);
            if (placed.size() > live && send(client, "DELETE", base.resolve("/api/v1/placements/" + placed.removeFirst()), null) != 204) {
                errors++;
            }
        }
        return new Run((System.nanoTime() - started) / 1e9, latencies, errors);
    }

    private static void reportAll(HttpClient client, URI base, ObjectMapper json, List<Node> nodes) {
        Instant now = Instant.now();
        for (int first = 0; first < nodes.size(); first += 1000) {
            List<NodeReport> batch = new ArrayList<>();
            for (Node node : nodes.subList(first, Math.min(nodes.size(), first + 1000))) {
                batch.add(NodeReports.describing(node, 1, now, 0.1));
            }
            if (send(client, "POST", base.resolve("/api/v1/reports"), new String(bytes(json, batch))) != 202) {
                throw new IllegalStateException("the controller refused the fleet's node reports");
            }
        }
    }

    private static int send(HttpClient client, String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
                workload.latencySloMs(), null, null, null, null, null, null, null);
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
