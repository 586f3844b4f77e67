package io.heliostat.solver.placement;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;
import ai.timefold.solver.core.impl.score.director.ScoreDirector;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.placement.Relocation.Destination;

/**
 * Local search moves that relocate several replicas at once, out of the local optima that idle carbon and
 * full nodes make, where no move of one replica pays:
 * <ul>
 * <li>an evacuation empties up to {@value #MAX_SOURCES} nodes, switching on up to {@value #MAX_TARGETS}
 *     others where that is cheaper. A node's idle carbon is paid by its first replica and saved only with
 *     its last, so replicas that each sit alone on a small node stay there until they all move to one
 *     bigger node together; ruin-and-recreate does not get there either, as it puts the replicas back one
 *     at a time, each on the node that is cheapest for it alone;</li>
 * <li>an ejection moves a replica to a node that has no room for it, and a few of that node's replicas out
 *     to where there is room. The clean zones fill up early in the search, their room left in pieces too
 *     small for the replicas still running in dirty zones.</li>
 * </ul>
 * {@link Relocator} decides where the replicas go; the score decides whether the move is taken.
 *
 * <p>Drawn at random only, half of each kind. Each step reads the whole plan once, which suits fleets of tens
 * of nodes, not thousands. Public with a public constructor because Timefold makes it from its class.
 */
public final class RelocationMoves implements MoveIteratorFactory<FleetPlan, Relocation> {

    /** Enough to pay for switching on a big node with the idle carbon of the small ones it replaces. */
    static final int MAX_SOURCES = 3;
    /**
     * Two, because a node that draws little per core is often too small to replace a hungrier one alone
     * (the XS seed 0 optimum swaps a 56-core ES node for a 48-core one and an edge server beside it).
     */
    static final int MAX_TARGETS = 2;
    /** Draws for one move: most draws of a tight fleet leave a replica with nowhere to go. */
    static final int MAX_DRAWS = 8;

    /** The soft prices of the phase's plan, whose weights hold for the whole phase. */
    private SoftPrices prices;

    @Override
    public void phaseStarted(ScoreDirector<FleetPlan> scoreDirector) {
        prices = new SoftPrices(scoreDirector.getWorkingSolution());
    }

    @Override
    public void phaseEnded(ScoreDirector<FleetPlan> scoreDirector) {
        prices = null;
    }

    @Override
    public long getSize(ScoreDirector<FleetPlan> scoreDirector) {
        // An estimate, the evacuations of one node to one target: moves are drawn, never enumerated.
        long nodes = scoreDirector.getWorkingSolution().getNodes().size();
        return nodes * (nodes - 1);
    }

    @Override
    public Iterator<Relocation> createOriginalMoveIterator(ScoreDirector<FleetPlan> scoreDirector) {
        throw new UnsupportedOperationException("relocations are drawn at random only");
    }

    @Override
    public Iterator<Relocation> createRandomMoveIterator(ScoreDirector<FleetPlan> scoreDirector, RandomGenerator random) {
        FleetPlan plan = scoreDirector.getWorkingSolution();
        return new RandomRelocations(plan, new Relocator(plan, prices), random);
    }

    /**
     * One step's relocations. An evacuation draws its first node to empty uniformly among the nodes that
     * host replicas, then up to {@code MAX_SOURCES - 1} more (a repeat adds nothing), and up to
     * {@code MAX_TARGETS} targets uniformly among all nodes (a source drawn as target is dropped). An
     * ejection draws its replica uniformly among all replicas and its node among those that host replicas.
     * When {@code MAX_DRAWS} draws all fail it gives a relocation of nothing, which the score sees as no change.
     */
    private record RandomRelocations(FleetPlan plan, Relocator relocator, RandomGenerator random) implements Iterator<Relocation> {

        @Override
        public boolean hasNext() {
            return !relocator.occupied().isEmpty();
        }

        @Override
        public Relocation next() {
            List<Destination> destinations = List.of();
            for (int draw = 0; draw < MAX_DRAWS && destinations.isEmpty(); draw++) {
                destinations = random.nextBoolean() ? evacuation() : ejection();
            }
            return new Relocation(destinations);
        }

        private List<Destination> evacuation() {
            List<Node> sources = new ArrayList<>(MAX_SOURCES);
            int sourceDraws = 1 + random.nextInt(MAX_SOURCES);
            for (int draw = 0; draw < sourceDraws; draw++) {
                Node source = anyOccupied();
                if (!sources.contains(source)) {
                    sources.add(source);
                }
            }
            List<Node> targets = new ArrayList<>(MAX_TARGETS);
            int targetDraws = 1 + random.nextInt(MAX_TARGETS);
            for (int draw = 0; draw < targetDraws; draw++) {
                Node target = plan.getNodes().get(random.nextInt(plan.getNodes().size()));
                if (!sources.contains(target)) {
                    targets.add(target);
                }
            }
            return relocator.evacuation(sources, targets);
        }

        private List<Destination> ejection() {
            Replica replica = plan.getReplicas().get(random.nextInt(plan.getReplicas().size()));
            Node target = anyOccupied();
            if (replica.getNode() == null || replica.isPinned() || replica.getNode() == target) {
                return List.of();
            }
            return relocator.ejection(replica, target, random);
        }

        private Node anyOccupied() {
            return relocator.occupied().get(random.nextInt(relocator.occupied().size()));
        }
    }
}
