package io.heliostat.solver.placement;

import java.util.List;

import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.placement.GreedyPlacer.Decision;
import io.heliostat.solver.placement.GreedyPlacer.Strategy;

/**
 * The solver's first phase: the carbon-cost greedy construction, applied as one move so that the score
 * is brought up to date incrementally and the constructed plan is the first best solution reported.
 * Timefold's own construction heuristic tries every node for every replica, which a 5,000-node fleet
 * cannot afford; this one prunes by cost bounds and never breaks a hard rule.
 */
final class ConstructionPhase implements PhaseCommand<FleetPlan> {

    @Override
    public void changeWorkingSolution(PhaseCommandContext<FleetPlan> context) {
        List<Decision> decisions = GreedyPlacer.place(context.getWorkingSolution(), Strategy.CARBON_COST).decisions();
        if (decisions.isEmpty()) {
            return;
        }
        var replica = context.getSolutionMetaModel().genuineEntity(Replica.class);
        @SuppressWarnings("unchecked")
        var node = (PlanningVariableMetaModel<FleetPlan, Replica, Node>) replica.<Node>variable("node");
        @SuppressWarnings("unchecked")
        var startSlot = (PlanningVariableMetaModel<FleetPlan, Replica, Integer>) replica.<Integer>variable("startSlot");
        context.execute(new ApplyDecisions(decisions, node, startSlot));
    }

    private record ApplyDecisions(List<Decision> decisions, PlanningVariableMetaModel<FleetPlan, Replica, Node> node,
                                  PlanningVariableMetaModel<FleetPlan, Replica, Integer> startSlot) implements Move<FleetPlan> {

        @Override
        public void execute(MutableSolutionView<FleetPlan> view) {
            for (Decision decision : decisions) {
                view.changeVariable(node, decision.replica(), decision.node());
                view.changeVariable(startSlot, decision.replica(), decision.startSlot());
            }
        }

        @Override
        public String describe() {
            return "construction of " + decisions.size() + " placements";
        }
    }
}
