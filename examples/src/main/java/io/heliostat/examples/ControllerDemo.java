package io.heliostat.examples;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.api.placement.ReplicaMove;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerMain;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.io.ProblemFileReader;
import io.heliostat.solver.trace.TraceResolver;

/**
 * The controller with a demo fleet around it: one embedded member serving the REST API, every node of the
 * fleet file reporting through {@link SimulatedNodes}, the bundled traces replayed at one trace minute per wall
 * second, the fleet file's workloads requested one by one ({@link PlacementStream}), and a summary line every
 * ten seconds. Runs until stopped (Ctrl-C), leaving the API up to try. {@code --agents} names nodes that real edge
 * agents report instead (see the README, "Run an agent").
 *
 * <pre>./heliostat demo [--fleet examples/fleets/demo-fleet.json] [--port 8080] [--agents gw-mad-1,gw-mad-2]</pre>
 */
public final class ControllerDemo {

    static final Duration BEAT = Duration.ofSeconds(2);
    static final Duration SUMMARY = Duration.ofSeconds(10);

    private ControllerDemo() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path fleetFile = Path.of("examples/fleets/demo-fleet.json");
        int port = 8080;
        List<String> agents = List.of();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--fleet" -> fleetFile = Path.of(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--agents" -> agents = List.of(value.split(","));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; allowed: --fleet FILE, --port N,"
                        + " --agents NODE[,NODE...]");
            }
        }
        FleetPlan fleet = new ProblemFileReader(new TraceResolver()).read(fleetFile);
        try (ControllerMain.Embedded member = ControllerMain.startEmbedded(Map.of(
                "camel.server.port", Integer.toString(port),
                "heliostat.carbon.replay.speed", "60",
                "heliostat.carbon.replay.period", "PT1S"))) {
            SimulatedNodes nodes = new SimulatedNodes(fleet.getNodes(), URI.create("http://127.0.0.1:" + port),
                    Controller.objectMapper(), Clock.systemUTC());
            for (String agent : agents) {
                if (fleet.getNodes().stream().noneMatch(node -> node.id().equals(agent))) {
                    throw new IllegalArgumentException("--agents: no node '" + agent + "' in " + fleetFile);
                }
                nodes.silence(agent);
            }
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            nodes.beat();
            timers.scheduleAtFixedRate(nodes::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(() -> System.out.println(summary(member.controller(), nodes)), SUMMARY.toMillis(),
                    SUMMARY.toMillis(), TimeUnit.MILLISECONDS);
            System.out.printf("Heliostat controller on http://127.0.0.1:%d/api/v1 with %d simulated nodes of %s (Ctrl-C stops it)%n",
                    port, fleet.getNodes().size() - agents.size(), fleetFile);
            if (!agents.isEmpty()) {
                System.out.printf("Left to real edge agents: %s (each is Ready once its agent reports)%n", String.join(", ", agents));
            }
            PlacementStream requests = PlacementStream.of(fleetFile, URI.create("http://127.0.0.1:" + port),
                    Controller.objectMapper(), Clock.systemUTC());
            System.out.println("Placement requests (the fleet file's workloads), and where each went:");
            while (requests.hasNext()) {
                System.out.println(requests.postNext());
            }
            System.out.printf("Try: curl -s localhost:%d/api/v1/placements | curl -s localhost:%d/api/v1/zones (see the README)%n",
                    port, port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
            timers.shutdownNow();
        }
    }

    /** Nodes by status, placements, the re-optimisation rounds kept and the zones' current intensity, on one line. */
    static String summary(Controller controller, SimulatedNodes nodes) {
        Map<NodeStatus, Long> byStatus = new EnumMap<>(NodeStatus.class);
        for (NodeState node : controller.nodes().nodes()) {
            byStatus.merge(node.status(), 1L, Long::sum);
        }
        List<ZoneCarbon> zones = controller.zones().zones();
        double gramsPerHour = controller.placements().placements().stream()
                .mapToDouble(placed -> placed.decision().gramsPerHour()).sum();
        List<ReoptimisationRound> rounds = controller.reoptimisation().rounds().stream()
                .filter(round -> round.status().equals(ReoptimisationRound.COMPLETED)).toList();
        long moves = rounds.stream().flatMap(round -> round.moves().stream())
                .filter(move -> move.outcome().equals(ReplicaMove.APPLIED)).count();
        return String.format(Locale.ROOT, "nodes %s | placed %d workloads, %.1f g CO2e/h | re-optimised %d rounds, %d moves,"
                        + " %.0f g CO2e saved | reports accepted %d, missed %d, failed to send %d | g/kWh %s",
                byStatus, controller.placements().placements().size(), gramsPerHour, rounds.size(), moves,
                rounds.stream().mapToDouble(ReoptimisationRound::gramsSaved).sum(), controller.nodes().acceptedReports(),
                controller.nodes().missedReports(), nodes.failures(),
                zones.stream().map(zone -> String.format(Locale.ROOT, "%s %.0f", zone.zone(), zone.gramsPerKwh()))
                        .collect(Collectors.joining(", ")));
    }
}
