package io.heliostat.controller.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.node.NodeReports;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.io.ProblemFileReader;

/**
 * Three controller members in one JVM over loopback TCP-IP (127.0.0.1:5801-5803). The oldest accepts the
 * fleet's node reports and {@code --workloads} placements, then dies (its Hazelcast member is terminated, as
 * a crash would leave it); the benchmark times until the next oldest leads under a higher fencing epoch, and
 * counts the node states and placements the survivors no longer have.
 *
 * <pre>./heliostat bench failover [--workloads 200] [--rounds 3]</pre>
 *
 * Prints {@code BENCH failover members=3 rounds=… takeover_s=… (the slowest round) lost=…}; run from the
 * repository root (it reads examples/fleets/demo-fleet.json and examples/policies).
 */
public final class FailoverBenchmark {

    static final List<String> MEMBERS = List.of("127.0.0.1:5801", "127.0.0.1:5802", "127.0.0.1:5803");
    static final String WORK = "node-sweep";

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--workloads", "--rounds");
        int workloads = options.integer("--workloads", 200, 1, 100_000);
        int rounds = options.integer("--rounds", 3, 1, 100);
        Path fleetFile = Path.of("examples/fleets/demo-fleet.json");
        List<Node> nodes = new ProblemFileReader().read(fleetFile).getNodes();
        double slowest = 0;
        long lost = 0;
        for (int round = 0; round < rounds; round++) {
            Round result = round(fleetFile, nodes, workloads);
            slowest = Math.max(slowest, result.takeoverSeconds());
            lost += result.lost();
        }
        System.out.printf(Locale.ROOT, "BENCH failover members=3 rounds=%d workloads=%d takeover_s=%.2f lost=%d%n",
                rounds, workloads, slowest, lost);
        System.exit(0);
    }

    private record Round(double takeoverSeconds, long lost) {
    }

    private static Round round(Path fleetFile, List<Node> nodes, int workloads) throws InterruptedException {
        List<Controller> members = new ArrayList<>();
        try {
            for (int port = 5801; port <= 5803; port++) {
                members.add(Controller.start(ControllerSettings.ofDefaults().withPolicyDirectory(Path.of("examples/policies"))
                        .withFleetFile(fleetFile).withMembers(port, MEMBERS), Clock.systemUTC()));
            }
            // The oldest dies once the cluster has settled, every partition backed up on another member: a member
            // lost while partitions still migrate can take entries with it (one backup is one copy).
            while (members.stream().anyMatch(member -> member.cluster().member().getCluster().getMembers().size() < 3
                    || !member.cluster().member().getPartitionService().isClusterSafe())) {
                Thread.sleep(10);
            }
            Controller oldest = members.getFirst();
            long epoch = oldest.leadership().lead(WORK).orElseThrow();
            for (Node node : nodes) {
                oldest.nodes().accept(NodeReports.describing(node, 1, Instant.now(), 0.1));
                oldest.placements().nodeReady(node.id());
            }
            for (int i = 0; i < workloads; i++) {
                oldest.placements().place(new WorkloadSpec("w-" + i, "bench", "service",
                        new ResourceRequest("10m", "16Mi", null, null, null), 1, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null));
            }

            long killed = System.nanoTime();
            oldest.cluster().member().getLifecycleService().terminate();
            Controller next = members.get(1);
            while (next.leadership().lead(WORK).filter(newEpoch -> newEpoch > epoch).isEmpty()) {
                Thread.sleep(5);
            }
            double takeover = (System.nanoTime() - killed) / 1e9;
            long lostNodes = nodes.size() - next.nodes().nodes().size();
            long lostWorkloads = workloads - next.cluster().workloads().size();
            return new Round(takeover, lostNodes + lostWorkloads);
        } finally {
            for (Controller member : members) {
                if (member.cluster().member().getLifecycleService().isRunning()) {
                    member.close();
                }
            }
        }
    }
}
