package io.heliostat.solver.placement;

import java.util.List;

import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

/** Several replicas to new nodes and start slots at once, as one local search move. */
record Relocation(List<Destination> destinations) implements Move<FleetPlan> {

    /** Where one replica goes, and when it starts there. */
    record Destination(Replica replica, Node node, int startSlot) {

        int endSlot() {
            return startSlot + replica.getWorkload().durationSlots();
        }
    }

    @Override
    public void execute(MutableSolutionView<FleetPlan> view) {
        var replica = view.getSolutionMetaModel().genuineEntity(Replica.class);
        @SuppressWarnings("unchecked")
        var node = (PlanningVariableMetaModel<FleetPlan, Replica, Node>) replica.<Node>variable("node");
        @SuppressWarnings("unchecked")
        var startSlot = (PlanningVariableMetaModel<FleetPlan, Replica, Integer>) replica.<Integer>variable("startSlot");
        for (Destination destination : destinations) {
            view.changeVariable(node, destination.replica(), destination.node());
            view.changeVariable(startSlot, destination.replica(), destination.startSlot());
        }
    }

    @Override
    public String describe() {
        return "Relocation";
    }
}
