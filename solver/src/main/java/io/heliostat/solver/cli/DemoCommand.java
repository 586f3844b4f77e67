package io.heliostat.solver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.heliostat.solver.analysis.PlacementExplainer;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.io.PlanDetails;
import io.heliostat.solver.io.PlanFileWriter;
import io.heliostat.solver.io.PlanTotals;
import io.heliostat.solver.placement.Baseline;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

@Command(name = "demo", description = "Solves an example fleet and shows where each workload runs and what the plan saves.")
final class DemoCommand implements Callable<Integer> {

    private static final Duration DEMO_UNIMPROVED_LIMIT = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "FILE", description = "The example fleet.")
    Path problem;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10s",
            description = "The most the solve may take (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the plan (default: heliostat-demo-plan.json in the temp directory).")
    Path out = Path.of(System.getProperty("java.io.tmpdir"), "heliostat-demo-plan.json");

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // A small fleet settles in moments: stop once nothing has improved for a few seconds.
        Planner planner = new Planner(new PlannerSettings(timeLimit, DEMO_UNIMPROVED_LIMIT, PlannerSettings.DEFAULT_RANDOM_SEED));
        FleetPlan fleet = Problems.read(problem);
        out.println(String.format(Locale.ROOT, "Fleet %s: %d clusters, %d nodes in %d grid zones; %d workloads, %d replicas; %d slots of %s",
                problem, fleet.getClusters().size(), fleet.getNodes().size(), fleet.getZones().size(),
                fleet.getWorkloads().size(), fleet.getReplicas().size(), fleet.getHorizon().slots(),
                fleet.getHorizon().slotLength().toString().substring(2).toLowerCase(Locale.ROOT)));
        out.println(String.format(Locale.ROOT, "Solving for up to %.1f s ...", timeLimit.toMillis() / 1000.0));
        out.flush();

        FleetPlan plan;
        try (ProgressLine progress = ProgressLine.onTerminal(spec.commandLine().getErr())) {
            plan = planner.solve(fleet, progress);
        }
        PlanTotals totals = PlanTotals.of(plan);
        Map<Baseline, PlanTotals> baselines = new LinkedHashMap<>();
        for (Baseline baseline : Baseline.values()) {
            baselines.put(baseline, PlanTotals.of(planner.baseline(Problems.read(problem), baseline)));
        }

        out.println();
        printPlacements(out, plan);
        out.println();
        printTotals(out, totals, baselines);
        PlanFileWriter.write(plan, PlanDetails.NONE.withProblemFile(problem.toString()), this.out);
        out.println();
        out.println("Plan written to " + this.out + ". Ask why a workload runs where it does, or why not elsewhere:");
        Workload example = plan.getWorkloads().getFirst();
        out.println("  ./heliostat explain --problem " + problem + " --plan " + this.out + " --workload " + example.id());
        Replica placed = plan.getReplicas().stream().filter(r -> r.getNode() != null).findFirst().orElseThrow();
        String otherNode = plan.getNodes().stream().filter(n -> n != placed.getNode()).findFirst().orElseThrow().id();
        out.println("  ./heliostat explain --problem " + problem + " --plan " + this.out + " --workload "
                + placed.getWorkload().id() + " --node " + otherNode);
        printWhy(out, plan, placed, otherNode);
        out.flush();
        return HeliostatCli.exitCode(plan);
    }

    private static void printPlacements(PrintWriter out, FleetPlan plan) {
        out.println(String.format(Locale.ROOT, "  %-22s %-9s %-44s %10s", "workload", "kind", "runs on (cluster/zone x replicas, start slot)", "g CO2e"));
        Map<Workload, List<Replica>> byWorkload = plan.getReplicas().stream()
                .collect(Collectors.groupingBy(Replica::getWorkload, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byWorkload.entrySet()) {
            Workload workload = entry.getKey();
            Map<String, Integer> where = new TreeMap<>();
            long milligrams = 0;
            for (Replica replica : entry.getValue()) {
                if (replica.getNode() == null) {
                    where.merge("UNPLACED", 1, Integer::sum);
                    continue;
                }
                String place = replica.getNode().cluster().id() + "/" + replica.getNode().zone().id()
                        + (workload.deferrable() ? " @" + replica.start() : "");
                where.merge(place, 1, Integer::sum);
                milligrams += replica.carbonMilligrams();
            }
            String placements = where.entrySet().stream()
                    .map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""))
                    .collect(Collectors.joining(", "));
            out.println(String.format(Locale.ROOT, "  %-22s %-9s %-44s %10.1f", workload.id(), workload.kind().id(), placements, milligrams / 1000.0));
        }
    }

    private static void printTotals(PrintWriter out, PlanTotals plan, Map<Baseline, PlanTotals> baselines) {
        out.println(String.format(Locale.ROOT, "  %-34s %12s %9s %10s %9s", "", "g CO2e", "kWh", "p95 RTT", "nodes on"));
        row(out, "heliostat", plan, null);
        for (var entry : baselines.entrySet()) {
            row(out, entry.getKey() == Baseline.SPREAD ? "spread (carbon-agnostic)" : "greedy-carbon (current intensity)", entry.getValue(), plan);
        }
        for (var entry : baselines.entrySet()) {
            double saved = entry.getValue().carbonGrams() - plan.carbonGrams();
            out.println(String.format(Locale.ROOT, "  Heliostat saves %.1f g CO2e (%.0f %%) against %s.", saved,
                    100 * saved / entry.getValue().carbonGrams(), entry.getKey().id()));
        }
    }

    private static void row(PrintWriter out, String name, PlanTotals totals, PlanTotals heliostat) {
        out.println(String.format(Locale.ROOT, "  %-34s %12.1f %9.2f %10s %9d", name, totals.carbonGrams(), totals.energyKwh(),
                totals.p95LatencyMs().isPresent() ? totals.p95LatencyMs().getAsInt() + " ms" : "-", totals.nodesSwitchedOn()));
    }

    private static void printWhy(PrintWriter out, FleetPlan plan, Replica replica, String otherNode) {
        var whyNot = new PlacementExplainer().whyNot(plan, replica.getWorkload().id(), otherNode);
        whyNot.replicas().stream().filter(a -> a.replica().equals(replica.getId())).findFirst()
                .ifPresent(alternative -> out.println("  -> " + alternative.summary()));
    }
}
