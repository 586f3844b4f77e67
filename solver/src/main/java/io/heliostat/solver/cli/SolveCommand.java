package io.heliostat.solver.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.heliostat.solver.analysis.PlacementExplainer;
import io.heliostat.solver.analysis.ScoreBreakdown;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.io.ConstraintTotal;
import io.heliostat.solver.io.PlanDetails;
import io.heliostat.solver.io.PlanFileWriter;
import io.heliostat.solver.io.PlanTotals;
import io.heliostat.solver.placement.Baseline;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

@Command(name = "solve", description = "Solves a problem file and writes the plan (or a baseline's plan).")
final class SolveCommand implements Callable<Integer> {

    /** Explaining an unplaced replica scores every node for it: enough for a person to read, no more. */
    private static final int UNPLACED_EXPLAINED = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "FILE", description = "The problem file (JSON).")
    Path problem;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the plan (JSON).")
    Path out;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "30s",
            description = "The most the solve may take, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "Write the plan of a baseline instead: spread (carbon-agnostic) or greedy-carbon.")
    String baseline;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed of the local search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        Baseline chosenBaseline = baseline == null ? null : Baseline.fromId(baseline);
        FleetPlan fleet = Problems.read(problem);
        Planner planner = new Planner(PlannerSettings.ofDefaults().withTimeLimit(timeLimit).withRandomSeed(seed));
        FleetPlan plan;
        if (chosenBaseline != null) {
            plan = planner.baseline(fleet, chosenBaseline);
        } else {
            try (ProgressLine progress = ProgressLine.onTerminal(spec.commandLine().getErr())) {
                plan = planner.solve(fleet, progress);
            }
        }
        PlacementExplainer explainer = new PlacementExplainer();
        ScoreBreakdown breakdown = explainer.breakdown(plan);
        PlanDetails details = PlanDetails.NONE
                .withProblemFile(problem.toString())
                .withConstraints(breakdown.constraints().stream()
                        .map(c -> new ConstraintTotal(c.constraint(), c.score().toString(), c.matchCount()))
                        .toList())
                .withUnplacedReasons(unplacedReasons(explainer, plan));
        PlanFileWriter.write(plan, details, out);
        PlanSummary.print(spec.commandLine().getOut(), out, plan, PlanTotals.of(plan));
        return HeliostatCli.exitCode(plan);
    }

    private static Map<String, String> unplacedReasons(PlacementExplainer explainer, FleetPlan plan) {
        Map<String, String> reasons = new LinkedHashMap<>();
        List<Replica> unplaced = plan.getReplicas().stream().filter(r -> r.getNode() == null).toList();
        for (Replica replica : unplaced.subList(0, Math.min(unplaced.size(), UNPLACED_EXPLAINED))) {
            var best = explainer.alternatives(plan, replica.getId(), 1).ranked();
            reasons.put(replica.getId(), best.isEmpty() ? "the fleet has no node"
                    : "no node keeps every hard rule; the closest: " + best.getFirst().summary());
        }
        return reasons;
    }
}
