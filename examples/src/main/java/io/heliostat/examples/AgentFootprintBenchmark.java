package io.heliostat.examples;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.heliostat.controller.ControllerMain;
import io.heliostat.controller.node.NodeState;

/**
 * The edge agent's footprint: the agent jar in its own JVM, with the flags of
 * {@code edge-agent/packaging/heliostat-edge-agent.env} (as the systemd unit runs it), reporting every 10 s to a
 * controller member in this JVM (warmed up by another node's reports) for {@code --minutes}. As on a gateway, a
 * first run writes the class-data archive (AppCDS) when it stops, and the measured run starts from it.
 *
 * <pre>./heliostat bench agent [--minutes 5] [--java /usr/lib/jvm/java-17-openjdk-amd64/bin/java]</pre>
 *
 * Ends with {@code BENCH agent rss_mb=… first_report_ms=… cpu_pct=… jar_mb=…}: the highest VmRSS sampled each second,
 * from the start of the process to the controller having its first report, the CPU time (user and system, from
 * /proc/&lt;pid&gt;/stat) over the run's wall time as a share of one core, and the size of the jar. Targets: 32 MB,
 * 300 ms, 0.5 %, 5 MB.
 */
public final class AgentFootprintBenchmark {

    private static final String NODE = "gw-mad-1";
    private static final String WARM_UP_NODE = "gw-mad-2";
    private static final int WARM_UP_REPORTS = 500;
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private AgentFootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        double minutes = Double.parseDouble(options.getOrDefault("--minutes", "5"));
        if (!(minutes > 0 && minutes <= 24 * 60)) {
            throw new IllegalArgumentException("--minutes must be more than 0 and at most 1440, was " + minutes);
        }
        String java = options.getOrDefault("--java", ProcessHandle.current().info().command().orElse("java"));
        Path jar = Path.of(options.getOrDefault("--jar", "edge-agent/target/heliostat-edge-agent.jar"));
        Map<String, String> environment = environmentFile(Path.of(options.getOrDefault("--env",
                "edge-agent/packaging/heliostat-edge-agent.env")));
        Path state = Files.createTempDirectory("heliostat-agent-bench");
        Path archive = state.resolve("agent.jsa");
        int httpPort = freePort();

        try (ControllerMain.Embedded controller = ControllerMain.startEmbedded(Map.of("camel.server.port", Integer.toString(httpPort),
                "camel.server.host", "127.0.0.1", "heliostat.cluster.port", Integer.toString(freePort()),
                "heliostat.cluster.name", "agent-bench-" + UUID.randomUUID(),
                "heliostat.policies.directory", "examples/policies", "heliostat.fleet.file", "examples/fleets/demo-fleet.json"))) {
            warmUp(httpPort);
            List<String> agentArgs = List.of("-jar", jar.toString(), "--controller", "http://127.0.0.1:" + httpPort, "--node-id", NODE,
                    "--cluster", "edge-madrid-store", "--buffer-directory", state.resolve("state").toString());

            // A gateway's first run: it writes the archive when it stops.
            Run training = start(java, environment, List.of("-XX:ArchiveClassesAtExit=" + archive), agentArgs);
            long trainingFirstReport = firstReport(controller, training, 0);
            training.process().destroy();
            training.process().waitFor();
            if (!Files.exists(archive)) {
                System.out.println("no class-data archive was written; the measured run starts without one");
            }
            long sequenceBefore = lastSequence(controller);

            Run run = start(java, environment, Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of(), agentArgs);
            long firstReport = firstReport(controller, run, sequenceBefore);
            long firstReportTicks = cpuTicks(run.process().pid());
            long firstReportNanos = System.nanoTime();
            long endNanos = run.startNanos() + (long) (minutes * 60e9);
            long peakRssKb = 0;
            while (System.nanoTime() < endNanos && run.process().isAlive()) {
                peakRssKb = Math.max(peakRssKb, status(run.process().pid(), "VmRSS"));
                Thread.sleep(Math.min(1_000, Math.max(1, (endNanos - System.nanoTime()) / 1_000_000)));
            }
            long pid = run.process().pid();
            long ticks = cpuTicks(pid);
            long anonKb = status(pid, "RssAnon");
            long fileKb = status(pid, "RssFile");
            peakRssKb = Math.max(peakRssKb, status(pid, "VmRSS"));
            double seconds = (System.nanoTime() - run.startNanos()) / 1e9;
            double steadySeconds = (System.nanoTime() - firstReportNanos) / 1e9;
            run.process().destroy();
            int exit = run.process().waitFor();
            NodeState node = controller.controller().nodes().node(NODE).orElseThrow();

            System.out.printf(Locale.ROOT, "agent: %s on %s, flags %s%n", jar, java, environment.getOrDefault("JAVA_OPTS", ""));
            System.out.printf(Locale.ROOT, "first run (no archive yet): first report after %d ms%n", trainingFirstReport);
            System.out.printf(Locale.ROOT, "measured run: %.1f s, %d reports, controller missed %d, exit %d; RSS at the end %.1f MB"
                            + " (anonymous %.1f MB, file-backed %.1f MB); CPU after the first report %.3f %%%n",
                    seconds, node.lastSequence() - sequenceBefore, node.missedReports(), exit, (anonKb + fileKb) / 1024.0, anonKb / 1024.0,
                    fileKb / 1024.0, 100.0 * (ticks - firstReportTicks) / CLOCK_TICKS_PER_SECOND / steadySeconds);
            System.out.printf(Locale.ROOT, "BENCH agent rss_mb=%.1f first_report_ms=%d cpu_pct=%.2f jar_mb=%.2f%n", peakRssKb / 1024.0,
                    firstReport, 100.0 * ticks / CLOCK_TICKS_PER_SECOND / seconds, Files.size(jar) / (1024.0 * 1024.0));
        } finally {
            deleteTree(state);
        }
        System.exit(0);
    }

    /**
     * A controller in service has taken reports for hours: a few hundred of another node's bring this one's report
     * path out of the interpreter, so that the first report measures the agent rather than a cold controller.
     */
    private static void warmUp(int httpPort) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int sequence = 1; sequence <= WARM_UP_REPORTS; sequence++) {
            String report = "{\"version\":1,\"nodeId\":\"" + WARM_UP_NODE + "\",\"sequence\":" + sequence + ",\"observedAt\":\""
                    + Instant.now() + "\",\"cluster\":\"edge-madrid-store\",\"capacity\":{\"cpuMillis\":4000,\"memoryMiB\":4096,"
                    + "\"gpus\":0,\"dpus\":0,\"ephemeralStorageMiB\":16384},\"power\":{\"drawWatts\":1.5,\"idleWatts\":1.1,"
                    + "\"maxWatts\":2.9,\"budgetWatts\":0,\"measured\":false}}";
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/nodes/" + WARM_UP_NODE + "/reports"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(report)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private record Run(Process process, long startMillis, long startNanos) {
    }

    private static Run start(String java, Map<String, String> environment, List<String> archiveFlags, List<String> agentArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Arrays.asList(environment.getOrDefault("JAVA_OPTS", "").trim().split("\\s+")));
        command.addAll(archiveFlags);
        command.addAll(agentArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        environment.forEach((name, value) -> {
            if (!name.equals("JAVA_OPTS") && !name.startsWith("HELIOSTAT_AGENT_")) {
                builder.environment().put(name, value);
            }
        });
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        return new Run(builder.start(), startMillis, startNanos);
    }

    /** Milliseconds from the process start to the controller receiving a report newer than {@code after}. */
    private static long firstReport(ControllerMain.Embedded controller, Run run, long after) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<NodeState> node = controller.controller().nodes().node(NODE).filter(state -> state.lastSequence() > after);
            if (node.isPresent()) {
                return node.get().receivedAtMillis() - run.startMillis();
            }
            if (!run.process().isAlive()) {
                throw new IllegalStateException("the agent exited with " + run.process().exitValue() + " before its first report");
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("no report from the agent within a minute");
    }

    private static long lastSequence(ControllerMain.Embedded controller) {
        return controller.controller().nodes().node(NODE).map(NodeState::lastSequence).orElse(0L);
    }

    /** utime + stime of /proc/{pid}/stat, in clock ticks; the fields after the command name, which may hold blanks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A kB figure of /proc/{pid}/status, such as VmRSS; 0 once the process is gone. */
    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** KEY=VALUE lines, as systemd's EnvironmentFile= reads them (no quotes in ours). */
    private static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                values.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static Map<String, String> options(String[] args) {
        List<String> allowed = List.of("--minutes", "--java", "--jar", "--env");
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!allowed.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bench agent [--minutes 5] [--java PATH] [--jar PATH] [--env FILE]; '"
                        + args[i] + "' " + (allowed.contains(args[i]) ? "needs a value" : "is not an option"));
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
