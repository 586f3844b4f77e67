package io.heliostat.solver.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;

/**
 * alternatives() on a fleet of 2,000 nodes (50 clusters of 40, each cluster its own zone with a day of
 * hourly intensities) running 1,000 service replicas and 20 deferrable jobs. Prints how long the calls take:
 * a figure to read, not to assert (the machine is shared).
 */
class PlacementExplainerLargeFleetTest {

    private static final int CLUSTERS = 50;
    private static final int NODES_PER_CLUSTER = 40;
    private static final int SLOTS = 24;

    @Test
    void alternativesOnTwoThousandNodesRankEveryOtherNode() {
        FleetPlan plan = largeFleet();
        PlacementExplainer explainer = new PlacementExplainer();
        List<String> before = assignments(plan);

        long started = System.nanoTime();
        Alternatives first = explainer.alternatives(plan, "svc-0#0", 5);
        long firstNanos = System.nanoTime() - started;
        started = System.nanoTime();
        Alternatives service = explainer.alternatives(plan, "svc-7#1", 5);
        long serviceNanos = System.nanoTime() - started;
        started = System.nanoTime();
        Alternatives job = explainer.alternatives(plan, "job-3#0", 5);
        long jobNanos = System.nanoTime() - started;
        started = System.nanoTime();
        WhyNot whyNot = explainer.whyNot(plan, "svc-7", "n-13-5");
        long whyNotNanos = System.nanoTime() - started;

        System.out.printf(Locale.ROOT, "alternatives() on %d nodes, %d replicas: first call %d ms, service %d ms, "
                        + "deferrable job (window of 8 starts) %d ms; whyNot() %d ms%n",
                plan.getNodes().size(), plan.getReplicas().size(), firstNanos / 1_000_000, serviceNanos / 1_000_000,
                jobNanos / 1_000_000, whyNotNanos / 1_000_000);

        for (Alternatives alternatives : List.of(first, service, job)) {
            assertThat(alternatives.nodesCompared()).isEqualTo(plan.getNodes().size() - 1);
            assertThat(alternatives.ranked()).hasSize(5);
            assertThat(alternatives.ranked()).extracting(Alternative::candidateScore)
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder());
            // Tainted nodes never make the top five while untainted nodes are free.
            assertThat(alternatives.ranked()).extracting(Alternative::verdict).doesNotContain(Verdict.INFEASIBLE);
        }
        assertThat(job.ranked().getFirst().candidate().endSlot()).isLessThanOrEqualTo(SLOTS);
        assertThat(whyNot.replicas()).hasSize(2);
        assertThat(assignments(plan)).isEqualTo(before);
    }

    /** Fixed seed: the same fleet every run. Every tenth node carries a NoSchedule taint. */
    private static FleetPlan largeFleet() {
        Random random = new Random(42);
        TestFleet fleet = new TestFleet(SLOTS);
        List<Node> nodes = new ArrayList<>();
        for (int c = 0; c < CLUSTERS; c++) {
            double[] intensity = new double[SLOTS];
            double base = 50 + random.nextInt(500);
            for (int slot = 0; slot < SLOTS; slot++) {
                // A solar dip around midday.
                intensity[slot] = base * (1 - 0.5 * Math.max(0, Math.sin(Math.PI * (slot - 6) / 12.0))) + random.nextInt(20);
            }
            Zone zone = fleet.zone("z-" + c, intensity);
            Cluster cluster = fleet.cluster("c-" + c, zone, 5 + random.nextInt(120));
            for (int n = 0; n < NODES_PER_CLUSTER; n++) {
                Taint[] taints = n % 10 == 9
                        ? new Taint[] {new Taint("node-role/edge", "true", TaintEffect.NO_SCHEDULE)}
                        : new Taint[0];
                nodes.add(fleet.node("n-" + c + "-" + n, cluster, 16_000, taints));
            }
        }
        List<Workload> services = new ArrayList<>();
        for (int w = 0; w < 500; w++) {
            services.add(fleet.service("svc-" + w, 250 + random.nextInt(1000), 2).withUsers(w % 3 == 0 ? 150 : 0).add());
        }
        List<Workload> jobs = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
            int release = random.nextInt(12);
            jobs.add(fleet.job("job-" + j, 2000, 4, release, release + 4 + 7).add());
        }
        for (Workload service : services) {
            for (int ordinal = 0; ordinal < service.replicas(); ordinal++) {
                fleet.place(service, ordinal, nodes.get(random.nextInt(nodes.size())));
            }
        }
        for (Workload job : jobs) {
            fleet.place(job, 0, nodes.get(random.nextInt(nodes.size())), job.releaseSlot());
        }
        return fleet.plan();
    }

    private static List<String> assignments(FleetPlan plan) {
        return plan.getReplicas().stream()
                .map(replica -> replica.getId() + "@" + replica.getNode() + "/" + replica.getStartSlot())
                .toList();
    }
}
