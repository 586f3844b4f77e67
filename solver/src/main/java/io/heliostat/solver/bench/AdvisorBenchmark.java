package io.heliostat.solver.bench;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.heliostat.solver.advice.PlacementAdvisor;
import io.heliostat.solver.advice.Recommendation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.generator.GeneratedFleet;

/**
 * Times the placement advisor on a generated fleet that already runs its witness placement: requests of one
 * replica each, copies of the fleet's own workloads, each recommended and accepted; once {@value #WINDOW}
 * of them are live the oldest is removed with every new one, so that the fleet's load holds steady. Prints
 * <pre>BENCH advisor nodes=… replicas=… decisions=… unplaced=… decisions_per_s=… p50_ms=… p99_ms=… max_ms=… open_s=…</pre>
 * where the rate counts the removals too and the percentiles time recommend plus accept.
 *
 * <pre>./heliostat bench-advisor [--size L] [--decisions 20000] [--alternatives 3] [--seed 42]</pre>
 */
public final class AdvisorBenchmark {

    private static final int WINDOW = 1_000;
    private static final long DEFAULT_SEED = 42;
    private static final int DEFAULT_DECISIONS = 20_000;
    private static final int DEFAULT_ALTERNATIVES = 3;

    private AdvisorBenchmark() {
    }

    public static void main(String[] args) {
        FleetSize size = FleetSize.L;
        int decisions = DEFAULT_DECISIONS;
        int alternatives = DEFAULT_ALTERNATIVES;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = FleetSize.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--decisions" -> decisions = Integer.parseInt(args[++i]);
                case "--alternatives" -> alternatives = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; allowed: --size XS|S|M|L, --decisions N, --alternatives N, --seed N");
            }
        }
        GeneratedFleet fleet = new FleetGenerator().generateWithWitness(size, seed);
        fleet.applyWitness();
        List<Workload> templates = fleet.plan().getWorkloads();
        long opening = System.nanoTime();
        try (PlacementAdvisor advisor = new PlacementAdvisor(fleet.plan())) {
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            Random random = new Random(seed);
            Deque<String> live = new ArrayDeque<>();
            // Warm-up: the JIT compiles the hot paths, Timefold's node network sees every kind of workload.
            run(advisor, templates, random, live, "warm-", Math.max(1, decisions / 5), alternatives);
            long started = System.nanoTime();
            Run run = run(advisor, templates, random, live, "bench-", decisions, alternatives);
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] sorted = run.nanos().clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "BENCH advisor nodes=%d replicas=%d decisions=%d unplaced=%d decisions_per_s=%.0f"
                            + " p50_ms=%.3f p99_ms=%.3f max_ms=%.3f open_s=%.1f%n",
                    fleet.plan().getNodes().size(), fleet.plan().getReplicas().size(), decisions, run.unplaced(),
                    decisions / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                    openSeconds);
        }
    }

    /** The time of each recommend-and-accept, and how many replicas found no node. */
    private record Run(long[] nanos, int unplaced) {
    }

    private static Run run(PlacementAdvisor advisor, List<Workload> templates, Random random, Deque<String> live,
                           String prefix, int decisions, int alternatives) {
        long[] nanos = new long[decisions];
        int unplaced = 0;
        for (int i = 0; i < decisions; i++) {
            Workload request = oneReplicaOf(templates.get(random.nextInt(templates.size())), prefix + i);
            long started = System.nanoTime();
            Recommendation recommendation = advisor.recommend(request, alternatives);
            advisor.accept(recommendation);
            nanos[i] = System.nanoTime() - started;
            if (!recommendation.placesAll()) {
                unplaced++;
            }
            live.addLast(request.id());
            if (live.size() > WINDOW) {
                advisor.remove(live.removeFirst());
            }
        }
        return new Run(nanos, unplaced);
    }

    /** The template's request and rules for a single replica, under a new id. */
    private static Workload oneReplicaOf(Workload template, String id) {
        return new Workload(id, template.tenant(), template.kind(), template.request(), 1, template.nodeSelector(),
                template.tolerations(), template.sandbox(), template.residency(), template.userLocation(),
                template.latencySloMs(), template.spread(), template.antiAffinity(), template.colocateWith(),
                template.durationSlots(), template.releaseSlot(), template.deadlineSlot());
    }

    private static double percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)] / 1e6;
    }
}
