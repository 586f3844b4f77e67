package io.heliostat.solver.analysis.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.ConstraintJustification;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.impl.score.constraint.ConstraintMatch;
import ai.timefold.solver.core.impl.score.constraint.ConstraintMatchPolicy;
import ai.timefold.solver.core.impl.score.constraint.ConstraintMatchTotal;
import ai.timefold.solver.core.impl.score.director.InnerScoreDirector;
import ai.timefold.solver.core.impl.score.director.ScoreDirectorFactory;
import ai.timefold.solver.core.impl.solver.DefaultSolverFactory;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;

/**
 * Scores a plan with constraint matching on, and re-scores it incrementally as single replicas move.
 *
 * <p>This is the one class that touches Timefold internals ({@code ai.timefold.solver.core.impl}). The public
 * way to do this, {@code SolutionManager.analyze(...)} and {@code SolutionManager.recommendAssignment(...)},
 * is an Enterprise feature in Timefold Solver 2.x: the community edition throws
 * {@code IllegalStateException: A commercial feature "Score analysis" was requested}. The internal score
 * director gives the same constraint matches (with our justifications) and the same weights, including the
 * plan's {@code ConstraintWeightOverrides}. If Timefold changes these internals, or the analysis becomes
 * available in the community edition, this class is the only one to change: everything it hands out is
 * a Timefold public type or one of the records below.
 *
 * <p>Sessions work on a planning clone of the caller's plan, so the caller's replicas and score are never
 * touched, not even temporarily.
 */
public final class ConstraintMatches {

    /** Names of {@link Replica}'s planning variables, as the score director knows them. */
    private static final String NODE = "node";
    private static final String START_SLOT = "startSlot";

    private final ScoreDirectorFactory<FleetPlan, HardMediumSoftScore> scoreDirectorFactory;

    /** Builds the score director factory once (it compiles the constraint streams); sessions are cheap after. */
    public ConstraintMatches(SolverConfig config) {
        Objects.requireNonNull(config, "config");
        SolverFactory<FleetPlan> solverFactory = SolverFactory.create(config);
        this.scoreDirectorFactory = ((DefaultSolverFactory<FleetPlan>) solverFactory).getScoreDirectorFactory();
    }

    /**
     * Opens a session on a planning clone of {@code plan}.
     *
     * @param withJustifications whether {@link Session#totals()} is wanted; without it moves score faster
     */
    public Session open(FleetPlan plan, boolean withJustifications) {
        Objects.requireNonNull(plan, "plan");
        InnerScoreDirector<FleetPlan, HardMediumSoftScore> director = scoreDirectorFactory.createScoreDirectorBuilder()
                .withConstraintMatchPolicy(withJustifications ? ConstraintMatchPolicy.ENABLED : ConstraintMatchPolicy.DISABLED)
                .build();
        try {
            FleetPlan clone = director.cloneSolution(plan);
            director.setWorkingSolution(clone);
            return new Session(director, clone, withJustifications);
        } catch (RuntimeException e) {
            director.close();
            throw e;
        }
    }

    /** One match of a constraint: its justification and what it adds to the score (match weight × constraint weight). */
    public record Match(ConstraintJustification justification, HardMediumSoftScore score) {
    }

    /** One constraint's matches in the current state of a session. */
    public record Total(String constraint, HardMediumSoftScore weight, HardMediumSoftScore score, List<Match> matches) {

        public Total {
            matches = List.copyOf(matches);
        }
    }

    /**
     * A score director on a clone of a plan. Moves go through the score director so that it re-scores
     * incrementally; not thread-safe; close it when done.
     */
    public static final class Session implements AutoCloseable {

        private final InnerScoreDirector<FleetPlan, HardMediumSoftScore> director;
        private final FleetPlan workingPlan;
        private final Map<String, Replica> replicasById;
        private final boolean withJustifications;

        private Session(InnerScoreDirector<FleetPlan, HardMediumSoftScore> director, FleetPlan workingPlan,
                        boolean withJustifications) {
            this.director = director;
            this.workingPlan = workingPlan;
            this.withJustifications = withJustifications;
            this.replicasById = new HashMap<>();
            for (Replica replica : workingPlan.getReplicas()) {
                replicasById.put(replica.getId(), replica);
            }
        }

        /** The session's replica with this id: a clone, read it but move it only through {@link #move}. */
        public Optional<Replica> replica(String replicaId) {
            return Optional.ofNullable(replicasById.get(replicaId));
        }

        /** The score of the session's current state. */
        public HardMediumSoftScore score() {
            return director.calculateScore().raw();
        }

        /** Every constraint's score in the session's current state (constraints weighted 0 are absent). */
        public Map<String, HardMediumSoftScore> constraintScores() {
            Map<String, HardMediumSoftScore> scores = new HashMap<>();
            for (ConstraintMatchTotal<HardMediumSoftScore> total : matchTotals()) {
                scores.put(total.getConstraintRef().id(), total.getScore());
            }
            return scores;
        }

        /**
         * Every constraint with its matches in the session's current state, in no particular order. The
         * records are a snapshot: later moves do not change them.
         */
        public List<Total> totals() {
            return totals(constraint -> true);
        }

        /** As {@link #totals()}, for the constraints named; copying matches is the costly part on a large plan. */
        public List<Total> totals(Predicate<String> constraints) {
            List<Total> totals = new ArrayList<>();
            for (ConstraintMatchTotal<HardMediumSoftScore> total : matchTotals()) {
                if (!constraints.test(total.getConstraintRef().id())) {
                    continue;
                }
                List<Match> matches = new ArrayList<>(total.getConstraintMatchCount());
                for (ConstraintMatch<HardMediumSoftScore> match : total.getConstraintMatchSet()) {
                    matches.add(new Match(match.getJustification(), match.getScore()));
                }
                totals.add(new Total(total.getConstraintRef().id(), total.getConstraintWeight(), total.getScore(), matches));
            }
            return totals;
        }

        private Collection<ConstraintMatchTotal<HardMediumSoftScore>> matchTotals() {
            if (!withJustifications) {
                throw new IllegalStateException("this session was opened without justifications");
            }
            director.calculateScore();
            return director.getConstraintMatchTotalMap().values();
        }

        /**
         * Puts the session's replica on {@code node} (null unplaces it) starting in {@code startSlot}; the score
         * director is told of each change so that the next score is incremental.
         */
        public void move(Replica replica, Node node, Integer startSlot) {
            if (replicasById.get(replica.getId()) != replica) {
                throw new IllegalArgumentException("replica " + replica.getId() + " is not this session's clone");
            }
            if (replica.getNode() != node) {
                director.beforeVariableChanged(replica, NODE);
                replica.setNode(node);
                director.afterVariableChanged(replica, NODE);
            }
            if (!Objects.equals(replica.getStartSlot(), startSlot)) {
                director.beforeVariableChanged(replica, START_SLOT);
                replica.setStartSlot(startSlot);
                director.afterVariableChanged(replica, START_SLOT);
            }
            director.triggerVariableListeners();
        }

        /** The plan the session scores: a planning clone, not the caller's. */
        public FleetPlan workingPlan() {
            return workingPlan;
        }

        @Override
        public void close() {
            director.close();
        }
    }
}
