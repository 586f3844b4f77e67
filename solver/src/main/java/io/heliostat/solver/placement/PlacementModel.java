package io.heliostat.solver.placement;

import ai.timefold.solver.core.config.solver.SolverConfig;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Replica;

/** The Timefold model of a placement: solution, entity and constraints, without phases or limits. */
public final class PlacementModel {

    private PlacementModel() {
    }

    /** A solver configuration that scores plans; solving adds phases and a termination to it. */
    public static SolverConfig solverConfig() {
        return new SolverConfig()
                .withSolutionClass(FleetPlan.class)
                .withEntityClasses(Replica.class)
                .withConstraintProviderClass(PlacementConstraints.class);
    }
}
