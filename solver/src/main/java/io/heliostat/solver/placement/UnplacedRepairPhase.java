package io.heliostat.solver.placement;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.placement.Relocation.Destination;

/**
 * After the constructions, each replica they left unplaced is given room on a node the rules allow by moving up
 * to {@value Relocator#MAX_EJECTED} of that node's replicas to where they fit, when the score says that is better.
 * The local search's moves of one replica rarely get there on a large fleet: the first move out only costs, and
 * the node it frees is one of thousands. A 5,000-node fleet was left with a replica of a 7 ms service spread over
 * three clusters unplaced after a minute, for want of room in the one cluster left within its reach.
 */
final class UnplacedRepairPhase implements PhaseCommand<FleetPlan> {

    /** Draws of the replicas to eject, per node. */
    static final int DRAWS_PER_NODE = 2;

    @Override
    public void changeWorkingSolution(PhaseCommandContext<FleetPlan> context) {
        FleetPlan plan = context.getWorkingSolution();
        List<Replica> unplaced = plan.getReplicas().stream().filter(replica -> replica.getNode() == null && !replica.isPinned()).toList();
        if (unplaced.isEmpty()) {
            return;
        }
        SoftPrices prices = new SoftPrices(plan);
        // Fixed: the same plan is repaired the same way at every run.
        RandomGenerator random = new SplittableRandom(0);
        HardMediumSoftScore score = context.executeTemporarilyAndCalculateScore(new Relocation(List.of()));
        for (Replica replica : unplaced) {
            // The plan changes with each repair: the relocator reads it as it is now.
            Relocator relocator = new Relocator(plan, prices);
            repair:
            for (Node target : plan.getNodes()) {
                if (!plan.getEligibility().allows(replica.getWorkload(), target)) {
                    continue;
                }
                for (int draw = 0; draw < DRAWS_PER_NODE; draw++) {
                    if (context.isPhaseTerminated()) {
                        return;
                    }
                    List<Destination> destinations = relocator.ejection(replica, target, random);
                    if (destinations.isEmpty()) {
                        break;
                    }
                    Relocation repair = new Relocation(destinations);
                    HardMediumSoftScore repaired = context.executeTemporarilyAndCalculateScore(repair);
                    if (repaired.compareTo(score) > 0) {
                        context.execute(repair);
                        score = repaired;
                        break repair;
                    }
                }
            }
        }
    }
}
