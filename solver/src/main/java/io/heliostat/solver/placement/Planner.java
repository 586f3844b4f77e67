package io.heliostat.solver.placement;

import java.time.Duration;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.placement.GreedyPlacer.Strategy;

/**
 * Solves a placement: a carbon-cost greedy construction that keeps every hard rule, then Timefold's
 * local search over the same constraints, within the settings' time limits. Build one and reuse it:
 * building compiles the constraints.
 */
public final class Planner {

    private final PlannerSettings settings;
    private final SolverFactory<FleetPlan> solverFactory;
    private final SolutionManager<FleetPlan, HardMediumSoftScore> solutionManager;

    public Planner(PlannerSettings settings) {
        this.settings = settings;
        this.solverFactory = SolverFactory.create(PlacementModel.solverConfig()
                .withRandomSeed(settings.randomSeed())
                .withPhases(
                        // Places only what the greedy construction could not (it tries every node for those).
                        new ConstructionHeuristicPhaseConfig(),
                        new LocalSearchPhaseConfig())
                .withTerminationConfig(termination(settings.timeLimit())));
        this.solutionManager = SolutionManager.create(solverFactory);
    }

    /**
     * Returns the best plan found, scored. {@code problem}'s replicas keep any node they have (pinned ones
     * always); the problem object receives the construction and must not be used for anything else meanwhile.
     */
    public FleetPlan solve(FleetPlan problem, Consumer<Progress> progress) {
        long started = System.nanoTime();
        GreedyPlacer.place(problem, Strategy.CARBON_COST);
        Duration remaining = settings.timeLimit().minus(millisSince(started));
        if (remaining.toMillis() <= 0) {
            score(problem);
            return problem;
        }
        Solver<FleetPlan> solver = solverFactory.buildSolver(
                new SolverConfigOverride().withTerminationConfig(termination(remaining)));
        solver.addEventListener(event -> progress.accept(new Progress(millisSince(started), event.getNewBestSolution().getScore())));
        return solver.solve(problem);
    }

    /** The plan a baseline scheduler would make of {@code problem}, same hard rules, scored. */
    public FleetPlan baseline(FleetPlan problem, Baseline baseline) {
        GreedyPlacer.place(problem, switch (baseline) {
            case SPREAD -> Strategy.SPREAD;
            case GREEDY_CARBON -> Strategy.GREEDY_CARBON;
        });
        score(problem);
        return problem;
    }

    /** Sets and returns the plan's score as it stands. */
    public HardMediumSoftScore score(FleetPlan plan) {
        return solutionManager.update(plan);
    }

    private TerminationConfig termination(Duration limit) {
        // Timefold takes whole milliseconds only.
        return new TerminationConfig()
                .withSpentLimit(Duration.ofMillis(limit.toMillis()))
                .withUnimprovedSpentLimit(Duration.ofMillis(Math.min(limit.toMillis(), settings.unimprovedTimeLimit().toMillis())));
    }

    private static Duration millisSince(long startedNanos) {
        return Duration.ofMillis((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
