package io.heliostat.solver.advice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.analysis.internal.ConstraintMatches;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Session;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.io.PlanTotals;
import io.heliostat.solver.placement.PlacementModel;
import io.heliostat.solver.placement.Planner;
import io.heliostat.solver.placement.PlannerSettings;

/**
 * The background re-optimisation of a whole fleet, in two steps so that the slow one needs no lock on the live
 * plan: {@link #propose} solves a snapshot (every replica's current node set, so each move pays its migration
 * cost) within the planner's time limit; {@link #select} then takes, against the plan as it is by then, the moves
 * that still apply, within a per-cluster limit, best first, each only if it improves the score on its own terms.
 *
 * <p>A re-optimisation never unplaces a replica: it moves replicas, and places those that wait for room.
 * Build one and reuse it: building compiles the constraints. Not thread-safe.
 */
public final class FleetReoptimiser {

    private final Planner planner;
    private final ConstraintMatches constraintMatches;

    public FleetReoptimiser(PlannerSettings settings) {
        this.planner = new Planner(Objects.requireNonNull(settings, "settings"));
        this.constraintMatches = new ConstraintMatches(PlacementModel.solverConfig());
    }

    /** The moves a full solve of {@code snapshot} makes, the snapshot left as it was; as long as the planner's time limit. */
    public List<ProposedMove> propose(FleetPlan snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.getReplicas().isEmpty()) {
            return List.of();
        }
        Map<String, Replica> before = new HashMap<>();
        snapshot.getReplicas().forEach(replica -> before.put(replica.getId(), replica));
        FleetPlan solved = planner.solve(snapshot, progress -> {
        });
        List<ProposedMove> moves = new ArrayList<>();
        for (Replica after : solved.getReplicas()) {
            Replica now = before.get(after.getId());
            if (now == null || after.getNode() == null || sameNode(now.getNode(), after.getNode())
                    && Objects.equals(now.getStartSlot(), after.getStartSlot())) {
                continue;
            }
            Node from = now.getNode();
            moves.add(new ProposedMove(after.getWorkload().id(), after.getOrdinal(), from == null ? null : from.id(),
                    from == null ? null : from.cluster().id(), from == null ? null : now.getStartSlot(), after.getNode().id(),
                    after.getNode().cluster().id(), after.start(), from == null ? 0 : now.carbonMilligrams(),
                    after.carbonMilligrams()));
        }
        return moves;
    }

    private static boolean sameNode(Node one, Node other) {
        return one != null && other != null && one.id().equals(other.id());
    }

    /**
     * Of the {@code proposed} moves, those to make now on {@code current}: the largest carbon saving first, at most
     * {@code maxMovesPerCluster} leaving each cluster (placing a waiting replica counts against the cluster it
     * joins), each kept only if the plan's score, migration charged, is better with it than without. A move
     * refused is tried once more after the others, as another may have made room for it; those still refused are
     * then tried all together, as the solve found them (a node emptied, a swap).
     */
    public Reoptimisation select(FleetPlan current, List<ProposedMove> proposed, int maxMovesPerCluster) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(proposed, "proposed");
        if (maxMovesPerCluster < 1) {
            throw new IllegalArgumentException("maxMovesPerCluster must be >= 1, was " + maxMovesPerCluster);
        }
        Map<String, Node> nodes = new HashMap<>();
        current.getNodes().forEach(node -> nodes.put(node.id(), node));
        try (Session session = constraintMatches.open(current, false)) {
            HardMediumSoftScore before = session.score();
            List<ProposedMove> made = new ArrayList<>();
            List<HeldBackMove> heldBack = new ArrayList<>();
            Map<String, Integer> movesByCluster = new HashMap<>();
            List<ProposedMove> ordered = proposed.stream()
                    .sorted(Comparator.comparingLong(ProposedMove::carbonMilligramsSaved).reversed()
                            .thenComparing(ProposedMove::replicaId))
                    .toList();
            List<ProposedMove> refused = new ArrayList<>();
            for (int pass = 0; pass < 2; pass++) {
                refused.clear();
                for (ProposedMove move : ordered) {
                    Replica replica = session.replica(move.replicaId()).orElse(null);
                    Node to = nodes.get(move.toNode());
                    if (replica == null || to == null || !isWhereTheSolveFoundIt(replica, move)) {
                        heldBack.add(new HeldBackMove(move, HeldBackMove.Reason.STALE));
                    } else if (movesByCluster.getOrDefault(move.churnedCluster(), 0) >= maxMovesPerCluster) {
                        heldBack.add(new HeldBackMove(move, HeldBackMove.Reason.CLUSTER_MOVE_LIMIT));
                    } else if (improves(session, replica, to, move.toSlot())) {
                        made.add(move);
                        movesByCluster.merge(move.churnedCluster(), 1, Integer::sum);
                    } else {
                        refused.add(move);
                    }
                }
                ordered = List.copyOf(refused);
            }
            if (improvesTogether(session, refused, nodes, movesByCluster, maxMovesPerCluster)) {
                made.addAll(refused);
            } else {
                refused.forEach(move -> heldBack.add(new HeldBackMove(move, HeldBackMove.Reason.NO_GAIN_ALONE)));
            }
            return new Reoptimisation(made, heldBack, before, session.score(), PlanTotals.of(current),
                    PlanTotals.of(session.workingPlan()));
        }
    }

    /** Where the solve found it, and free to move: a replica pinned since (its job started, say) stays. */
    private static boolean isWhereTheSolveFoundIt(Replica replica, ProposedMove move) {
        Node node = replica.getNode();
        if (replica.isPinned()) {
            return false;
        }
        return move.fromNode() == null ? node == null
                : node != null && node.id().equals(move.fromNode()) && Objects.equals(replica.getStartSlot(), move.fromSlot());
    }

    /**
     * Makes the moves refused one by one all at once, as the solve found them, if together they raise the score
     * and stay within every cluster's limit (emptying a node pays only when its last replica goes); otherwise puts
     * every replica back.
     */
    private static boolean improvesTogether(Session session, List<ProposedMove> moves, Map<String, Node> nodes,
                                            Map<String, Integer> movesByCluster, int maxMovesPerCluster) {
        Map<String, Integer> wouldMove = new HashMap<>(movesByCluster);
        moves.forEach(move -> wouldMove.merge(move.churnedCluster(), 1, Integer::sum));
        if (moves.size() < 2 || wouldMove.values().stream().anyMatch(count -> count > maxMovesPerCluster)) {
            return false;
        }
        HardMediumSoftScore without = session.score();
        List<Runnable> undo = new ArrayList<>();
        for (ProposedMove move : moves) {
            Replica replica = session.replica(move.replicaId()).orElseThrow();
            Node from = replica.getNode();
            Integer fromSlot = replica.getStartSlot();
            session.move(replica, nodes.get(move.toNode()), move.toSlot());
            undo.addFirst(() -> session.move(replica, from, fromSlot));
        }
        if (session.score().compareTo(without) > 0) {
            movesByCluster.putAll(wouldMove);
            return true;
        }
        undo.forEach(Runnable::run);
        return false;
    }

    /** Makes the move if it raises the score; otherwise puts the replica back. */
    private static boolean improves(Session session, Replica replica, Node to, int toSlot) {
        Node from = replica.getNode();
        Integer fromSlot = replica.getStartSlot();
        HardMediumSoftScore without = session.score();
        session.move(replica, to, toSlot);
        if (session.score().compareTo(without) > 0) {
            return true;
        }
        session.move(replica, from, fromSlot);
        return false;
    }
}
