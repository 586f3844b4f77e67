package io.heliostat.solver.placement;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.heuristic.selector.entity.EntitySelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.CartesianProductMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.RuinRecreateMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.value.ValueSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.placement.GreedyPlacer.Strategy;

/**
 * Solves a placement: a carbon-cost greedy construction that keeps every hard rule, then Timefold's
 * local search over the same constraints, within the settings' time limits (construction included).
 * Build one and reuse it: building compiles the constraints.
 */
public final class Planner {

    /**
     * Fleets up to this many nodes also get moves of several replicas at once (ruin-and-recreate and
     * {@link RelocationMoves}): they empty nodes and make room, which single moves cannot do, but each tries
     * every node for every replica it moves, and relocations read the whole plan each step, which a fleet of
     * thousands cannot afford in seconds.
     */
    static final int MULTI_REPLICA_MOVES_MAX_NODES = 100;

    /**
     * How often a ruin-and-recreate is drawn against each other kind of move. One tries every node for up to
     * 8 replicas, some hundreds of score calculations: drawn as often as the others, it took nearly all the
     * search time (an XS fleet saw 1,300 moves a second instead of 20,000) and the relocations too seldom ran.
     */
    static final double RUIN_AND_RECREATE_WEIGHT = 0.01;

    /**
     * Late acceptance over this many steps for fleets with single-replica moves only (Timefold's default is 400).
     * Each of those moves changes the score a little, and a long memory accepts so many worse ones that consolidating
     * nodes takes minutes. Generated fleets, 30 s (S) or 60 s (M): S seed 0 57.5 kg at 400, 55.6 at 100, 55.1 at 50,
     * 54.6 at 20, 54.7 at 10 (400 reaches 54.0 only after 300 s); S seeds 1 and 2 0.6 % and 3.8 % less at 20; M 8.6 %
     * less. Fleets with multi-replica moves keep the default: on XS, 20 left the plan 5 % above the bound, not 0.7 %.
     */
    static final int SINGLE_MOVE_LATE_ACCEPTANCE_SIZE = 20;

    private final PlannerSettings settings;
    private final SolverFactory<FleetPlan> largeFleetSolver;
    private final SolverFactory<FleetPlan> smallFleetSolver;
    private final SolutionManager<FleetPlan, HardMediumSoftScore> solutionManager;

    public Planner(PlannerSettings settings) {
        // Phase asserts recompute the whole score at each phase's end: seconds on a 50,000-replica fleet.
        this(settings, EnvironmentMode.NO_ASSERT);
    }

    /** With another environment mode, such as FULL_ASSERT for tests that hunt score corruption. */
    Planner(PlannerSettings settings, EnvironmentMode environmentMode) {
        this.settings = settings;
        this.largeFleetSolver = SolverFactory.create(solverConfig(environmentMode, new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(singleReplicaMoves())
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(SINGLE_MOVE_LATE_ACCEPTANCE_SIZE))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1))));
        this.smallFleetSolver = SolverFactory.create(solverConfig(environmentMode, new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new UnionMoveSelectorConfig().withMoveSelectors(
                        singleReplicaMoves(),
                        new RuinRecreateMoveSelectorConfig().withVariableName("node").withMinimumRuinedCount(2).withMaximumRuinedCount(8)
                                .withFixedProbabilityWeight(RUIN_AND_RECREATE_WEIGHT),
                        new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(RelocationMoves.class)))));
        this.solutionManager = SolutionManager.create(largeFleetSolver);
    }

    private SolverConfig solverConfig(EnvironmentMode environmentMode, LocalSearchPhaseConfig localSearch) {
        return PlacementModel.solverConfig()
                .withEnvironmentMode(environmentMode)
                .withRandomSeed(settings.randomSeed())
                .withPhases(
                        new CustomPhaseConfig().withCustomPhaseCommandList(List.of(new ConstructionPhase())),
                        // Places what the construction could not, if anything can (it tries every node).
                        new ConstructionHeuristicPhaseConfig(),
                        new CustomPhaseConfig().withCustomPhaseCommandList(List.of(new UnplacedRepairPhase())),
                        localSearch)
                .withTerminationConfig(termination(settings.timeLimit()));
    }

    /**
     * Moving one replica, swapping two, and moving a job to another node and start slot at once (a job
     * that is cheapest elsewhere at another hour needs both changes to get there).
     */
    private static UnionMoveSelectorConfig singleReplicaMoves() {
        return new UnionMoveSelectorConfig().withMoveSelectors(
                new ChangeMoveSelectorConfig(),
                new SwapMoveSelectorConfig(),
                new CartesianProductMoveSelectorConfig().withMoveSelectors(
                        new ChangeMoveSelectorConfig()
                                .withEntitySelectorConfig(new EntitySelectorConfig().withId("replica"))
                                .withValueSelectorConfig(new ValueSelectorConfig("node")),
                        new ChangeMoveSelectorConfig()
                                .withEntitySelectorConfig(new EntitySelectorConfig().withMimicSelectorRef("replica"))
                                .withValueSelectorConfig(new ValueSelectorConfig("startSlot"))));
    }

    /**
     * Returns the best plan found, scored: a copy, {@code problem} is left as it was. Replicas that have a
     * node start there (pinned ones stay); {@code progress} hears of every new best plan, the constructed
     * one first.
     */
    public FleetPlan solve(FleetPlan problem, Consumer<Progress> progress) {
        long started = System.nanoTime();
        SolverFactory<FleetPlan> factory = problem.getNodes().size() <= MULTI_REPLICA_MOVES_MAX_NODES ? smallFleetSolver : largeFleetSolver;
        Solver<FleetPlan> solver = factory.buildSolver();
        solver.addEventListener(event -> progress.accept(new Progress(millisSince(started), event.getNewBestSolution().getScore())));
        return solver.solve(problem);
    }

    /**
     * The plan a baseline scheduler would make of {@code problem}, same hard rules, scored. Unlike
     * {@link #solve}, it fills in {@code problem}'s own replicas and returns {@code problem}.
     */
    public FleetPlan baseline(FleetPlan problem, Baseline baseline) {
        GreedyPlacer.place(problem, switch (baseline) {
            case SPREAD -> Strategy.SPREAD;
            case GREEDY_CARBON -> Strategy.GREEDY_CARBON;
        }).apply();
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
