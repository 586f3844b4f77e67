package io.heliostat.controller.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.heliostat.controller.ControllerMain;

/**
 * A controller member in a JVM of its own, started as {@code ControllerMain} starts in production (Camel Main,
 * application.properties, the given properties as {@code -D} overrides), on this JVM's class path; its output
 * goes to a log file. A benchmark's load generator then shares no heap, JIT or GC pauses with the member, and the
 * member's CPU time is its own. JVM options come from {@code HELIOSTAT_CONTROLLER_OPTS} (default {@code -Xmx2g}).
 */
final class ControllerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final URI base;
    private final Path log;

    private ControllerProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts a member with an HTTP port and a cluster port of its own and returns once it answers HTTP. */
    static ControllerProcess start(Map<String, String> properties) throws IOException, InterruptedException {
        int httpPort = BenchOptions.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv().getOrDefault("HELIOSTAT_CONTROLLER_OPTS", "-Xmx2g");
        command.addAll(List.of(options.trim().split("\\s+")));
        command.add("-Dcamel.server.port=" + httpPort);
        command.add("-Dcamel.server.host=127.0.0.1");
        command.add("-Dheliostat.cluster.port=" + BenchOptions.freePort());
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ControllerMain.class.getName()));
        Path log = Files.createTempFile("heliostat-bench-controller", ".log");
        System.err.println("controller member: " + String.join(" ", command.subList(0, command.size() - 3)) + " ... (log " + log + ")");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A benchmark stopped with Ctrl-C takes its member along.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ControllerProcess member = new ControllerProcess(process, URI.create("http://127.0.0.1:" + httpPort), log);
        try {
            member.awaitAnswer();
        } catch (RuntimeException | InterruptedException e) {
            member.stop(); // the log stays, for the reason
            throw e;
        }
        return member;
    }

    private void awaitAnswer() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller member exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/api/v1/policies")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Starting: try again shortly.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the controller member did not answer within " + START_TIMEOUT + "; see " + log);
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    int port() {
        return base.getPort();
    }

    /** CPU time the member's JVM has used so far, every thread of it. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("this platform does not report a process's CPU time")).toNanos();
    }

    /** Stops the member and deletes its log. */
    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As an operator would (SIGTERM: Camel shuts down and the member leaves the cluster). */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
