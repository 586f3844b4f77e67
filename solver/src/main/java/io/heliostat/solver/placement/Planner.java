package io.heliostat.solver.placement;

import java.time.Duration;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.placement.GreedyPlacer.Strategy;

/**
 * Solves a placement: a carbon-cost greedy construction that keeps every hard rule, then Timefold's
 * local search over the same constraints, within the settings' time limits.
 */
public final class Planner {

    private final PlannerSettings settings;

    public Planner(PlannerSettings settings) {
        this.settings = settings;
    }

    /**
     * Returns the best plan found. {@code problem}'s replicas keep any node they have (pinned ones always);
     * the problem object receives the construction and must not be used for anything else meanwhile.
     */
    public FleetPlan solve(FleetPlan problem, Consumer<Progress> progress) {
        long started = System.nanoTime();
        GreedyPlacer.place(problem, Strategy.CARBON_COST);
        Duration constructed = Duration.ofMillis((System.nanoTime() - started) / 1_000_000);
        Duration remaining = settings.timeLimit().minus(constructed);
        if (remaining.isNegative() || remaining.isZero()) {
            return problem;
        }
        Solver<FleetPlan> solver = SolverFactory.<FleetPlan>create(solverConfig(remaining)).buildSolver();
        solver.addEventListener(event -> progress.accept(new Progress(
                Duration.ofNanos(System.nanoTime() - started), event.getNewBestSolution().getScore())));
        return solver.solve(problem);
    }

    /** The plan a baseline scheduler would make of {@code problem}, same hard rules. */
    public static FleetPlan baseline(FleetPlan problem, Baseline baseline) {
        GreedyPlacer.place(problem, switch (baseline) {
            case SPREAD -> Strategy.SPREAD;
            case GREEDY_CARBON -> Strategy.GREEDY_CARBON;
        });
        return problem;
    }

    private SolverConfig solverConfig(Duration limit) {
        return PlacementModel.solverConfig()
                .withRandomSeed(settings.randomSeed())
                .withPhases(
                        // Places only what the greedy construction could not (it tries every node for those).
                        new ConstructionHeuristicPhaseConfig(),
                        new LocalSearchPhaseConfig())
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(limit)
                        .withUnimprovedSpentLimit(Duration.ofMillis(settings.unimprovedTimeLimit().toMillis())));
    }
}
