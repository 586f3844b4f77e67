package io.heliostat.solver.exact;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

/**
 * One fleet solved twice under {@link CarbonOnly#POLICY}: by our {@link Planner} and exactly by CP-SAT
 * ({@link ExactPlacementModel}). Both plans are scored by the Planner's own constraints, so a plan the exact
 * model produced and the hard rules reject shows up as a hard score, not as a better optimum.
 *
 * @param planned the Planner's plan, scored
 * @param carbonMilligrams the Planner's carbon
 * @param plannerCarbonInModel the exact model's carbon for the Planner's plan; empty when the model forbids it
 * @param exactPlan CP-SAT's best plan scored by the constraints (unplaced replicas when it found none)
 */
record CarbonComparison(String size, int nodes, int replicas, FleetPlan planned, long carbonMilligrams,
                        Duration plannerTime, Optional<Long> plannerCarbonInModel, ExactPlacementModel.Solution exact,
                        FleetPlan exactPlan, Duration modelBuildTime, int modelVariables) {

    /** Solves {@code fleet}'s workloads (any placement or policy it has is ignored) both ways. */
    static CarbonComparison run(String size, FleetPlan fleet, PlannerSettings plannerSettings, Duration exactTimeLimit,
                                int exactWorkers) {
        return run(size, fleet, Optional.empty(), plannerSettings, exactTimeLimit, exactWorkers, line -> {
        });
    }

    /**
     * As above; CP-SAT starts from {@code exactHint}'s placement when given (a feasible plan that does not come
     * from the Planner, such as the generator's witness) and passes its search log to {@code exactLog}.
     */
    static CarbonComparison run(String size, FleetPlan fleet, Optional<FleetPlan> exactHint, PlannerSettings plannerSettings,
                                Duration exactTimeLimit, int exactWorkers, Consumer<String> exactLog) {
        return run(size, fleet, planned -> exactHint, plannerSettings, exactTimeLimit, exactWorkers, exactLog);
    }

    /**
     * As above, CP-SAT starting from the plan {@code exactHint} picks given the Planner's plan: the Planner's plan
     * itself, say, so that how much better CP-SAT's best then is shows at least how far the Planner is from the
     * optimum.
     */
    static CarbonComparison run(String size, FleetPlan fleet, Function<FleetPlan, Optional<FleetPlan>> exactHint,
                                PlannerSettings plannerSettings, Duration exactTimeLimit, int exactWorkers, Consumer<String> exactLog) {
        Planner planner = new Planner(plannerSettings);
        long started = System.nanoTime();
        FleetPlan planned = planner.solve(CarbonOnly.problem(fleet), progress -> {
        });
        Duration plannerTime = since(started);

        FleetPlan exactPlan = CarbonOnly.problem(fleet);
        started = System.nanoTime();
        ExactPlacementModel model = ExactPlacementModel.of(exactPlan);
        exactHint.apply(planned).ifPresent(model::hint);
        Duration buildTime = since(started);
        ExactPlacementModel.Solution exact = model.solve(exactTimeLimit, exactWorkers, exactLog);
        exact.applyTo(exactPlan);
        planner.score(exactPlan);

        return new CarbonComparison(size, fleet.getNodes().size(), fleet.getReplicas().size(), planned,
                CarbonOnly.milligrams(planned), plannerTime, ExactPlacementModel.carbonOf(planned), exact, exactPlan, buildTime,
                model.variables());
    }

    HardMediumSoftScore plannerScore() {
        return planned.getScore();
    }

    /** Replicas the Planner left without a node (its medium score). */
    long plannerUnplaced() {
        return -plannerScore().mediumScore();
    }

    /** Our carbon over the best carbon known to be unbeatable (optimum or bound), minus one. */
    double gap() {
        return (double) carbonMilligrams / exact.bestBoundMilligrams() - 1;
    }

    /** The figures in one line; optimum_g when CP-SAT proved it, bound_g (and its best plan) when not. */
    String line() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "size=%s nodes=%d replicas=%d carbon_g=%.3f ",
                size, nodes, replicas, grams(carbonMilligrams)));
        if (exact.proven()) {
            line.append(String.format(Locale.ROOT, "optimum_g=%.3f", grams(exact.carbonMilligrams().orElseThrow())));
        } else {
            line.append(String.format(Locale.ROOT, "bound_g=%.3f exact_best_g=%s", grams(exact.boundMilligrams()),
                    exact.carbonMilligrams().map(mg -> String.format(Locale.ROOT, "%.3f", grams(mg))).orElse("none")));
        }
        line.append(String.format(Locale.ROOT, " proven=%s gap=%.4f planner_hard=%d planner_unplaced=%d planner_s=%.1f exact_s=%.1f exact_vars=%d",
                exact.proven(), gap(), plannerScore().hardScore(), plannerUnplaced(), seconds(plannerTime),
                seconds(exact.wallTime()), modelVariables));
        return line.toString();
    }

    private static double grams(long milligrams) {
        return milligrams / 1000.0;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
