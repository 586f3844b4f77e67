package io.heliostat.solver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.heliostat.solver.cli.Durations;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.io.PlanTotals;
import io.heliostat.solver.placement.Baseline;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

/**
 * Solves generated fleets of the given sizes and compares each plan with the two baselines on the same
 * fleet. Prints one {@code BENCH solver size=…} line per size and a summary line last.
 *
 * <pre>./heliostat bench [XS] [S] [M] [L] [--time-limit 60s] [--seed N]</pre>
 */
public final class SolverBenchmark {

    private static final long DEFAULT_SEED = 42;
    private static final FleetGenerator GENERATOR = new FleetGenerator();

    private SolverBenchmark() {
    }

    public static void main(String[] args) {
        List<FleetSize> sizes = new ArrayList<>();
        Duration timeLimit = null;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--time-limit" -> timeLimit = Durations.parse(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> sizes.add(parseSize(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(FleetSize.S, FleetSize.M, FleetSize.L);
        }
        List<Result> results = new ArrayList<>();
        for (FleetSize size : sizes) {
            Result result = run(size, seed, timeLimit != null ? timeLimit : defaultTimeLimit(size));
            results.add(result);
            System.out.println(result.line());
        }
        System.out.println(summary(results));
    }

    /** Enough for the local search to settle; L is about feasibility in 30 s, the rest about carbon. */
    private static Duration defaultTimeLimit(FleetSize size) {
        return switch (size) {
            case XS -> Duration.ofSeconds(10);
            case S -> Duration.ofSeconds(30);
            case M -> Duration.ofSeconds(60);
            case L -> Duration.ofSeconds(60);
        };
    }

    static Result run(FleetSize size, long seed, Duration timeLimit) {
        Planner planner = new Planner(new PlannerSettings(timeLimit, timeLimit, seed));
        PlanTotals spread = PlanTotals.of(planner.baseline(GENERATOR.generate(size, seed), Baseline.SPREAD));
        PlanTotals greedy = PlanTotals.of(planner.baseline(GENERATOR.generate(size, seed), Baseline.GREEDY_CARBON));
        FleetPlan problem = GENERATOR.generate(size, seed);

        System.gc();
        resetPeakHeap();
        AtomicLong feasibleAtNanos = new AtomicLong(-1);
        long started = System.nanoTime();
        FleetPlan plan = planner.solve(problem, progress -> {
            if (progress.feasible()) {
                feasibleAtNanos.compareAndSet(-1, System.nanoTime() - started);
            }
        });
        long finished = System.nanoTime() - started;
        long heapMb = peakHeapBytes() / (1024 * 1024);
        PlanTotals totals = PlanTotals.of(plan);
        long hard = -plan.getScore().hardScore();
        double feasibleSeconds = hard > 0 ? Double.NaN
                : (feasibleAtNanos.get() >= 0 ? feasibleAtNanos.get() : finished) / 1e9;
        return new Result(size, plan.getNodes().size(), plan.getReplicas().size(), feasibleSeconds, hard,
                totals.replicasUnplaced(), totals.carbonGrams(), spread.carbonGrams(), greedy.carbonGrams(),
                spread.replicasUnplaced(), greedy.replicasUnplaced(), totals.p95LatencyMs().orElse(0), heapMb, finished / 1e9);
    }

    /**
     * A baseline that leaves replicas unplaced emits less than it would placing them: its unplaced count
     * is printed beside the comparison so that such a win is not read as the plan's loss.
     */
    record Result(FleetSize size, int nodes, int replicas, double feasibleSeconds, long hard, long unplaced,
                  double grams, double spreadGrams, double greedyGrams, int spreadUnplaced, int greedyUnplaced,
                  double p95LatencyMs, long heapMb, double solveSeconds) {

        double versusSpread() {
            return grams / spreadGrams - 1;
        }

        double versusGreedy() {
            return grams / greedyGrams - 1;
        }

        String line() {
            return String.format(Locale.ROOT,
                    "BENCH solver size=%s nodes=%d replicas=%d feasible_s=%.1f hard=%d unplaced=%d carbon_g=%.0f"
                            + " carbon_vs_spread=%.3f carbon_vs_greedy=%.3f spread_unplaced=%d greedy_unplaced=%d"
                            + " p95_latency_ms=%.0f heap_mb=%d solve_s=%.1f",
                    size, nodes, replicas, feasibleSeconds, hard, unplaced, grams, versusSpread(), versusGreedy(),
                    spreadUnplaced, greedyUnplaced, p95LatencyMs, heapMb, solveSeconds);
        }
    }

    private static String summary(List<Result> results) {
        return String.format(Locale.ROOT,
                "BENCH solver sizes=%s hard=%d unplaced=%d max_feasible_s=%.1f worst_carbon_vs_spread=%.3f"
                        + " worst_carbon_vs_greedy=%.3f max_heap_mb=%d",
                String.join(",", results.stream().map(r -> r.size().name()).toList()),
                results.stream().mapToLong(Result::hard).sum(),
                results.stream().mapToLong(Result::unplaced).sum(),
                results.stream().mapToDouble(Result::feasibleSeconds).max().orElse(Double.NaN),
                results.stream().mapToDouble(Result::versusSpread).max().orElse(Double.NaN),
                results.stream().mapToDouble(Result::versusGreedy).max().orElse(Double.NaN),
                results.stream().mapToLong(Result::heapMb).max().orElse(0));
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static FleetSize parseSize(String text) {
        try {
            return FleetSize.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown size '" + text + "'; allowed: XS, S, M, L");
        }
    }
}
