package io.heliostat.solver.analysis.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

import io.heliostat.solver.constraints.ConstraintWeights;
import io.heliostat.solver.domain.ColocationRequirement;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;

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
 * touched, not even temporarily. A session can also grow and shrink by whole workloads, as a live plan does
 * when requests come and go; the score director is told of each fact and entity, so scores stay incremental.
 */
public final class ConstraintMatches {

    /** Names of {@link Replica}'s planning variables, as the score director knows them. */
    private static final String NODE = "node";
    private static final String START_SLOT = "startSlot";

    /** Ids of workloads no plan should have: '#' separates a replica's ordinal from its workload's id. */
    private static final String PLACEHOLDER = "#placeholder";

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

    /**
     * Opens a session, without justifications, that workloads will be added to. Timefold deactivates, as soon as
     * the working solution's facts are in, every constraint over a class the solution has no instance of
     * ("useless in the given working solution"): on a plan without replicas, or without co-location
     * requirements, a replica or requirement added later would never be scored. So the session opens on the plan
     * with two placeholder workloads, one placed and co-located with the other, and removes them at once; and with
     * every per-replica soft constraint on, whatever policies its workloads have, for the same reason.
     */
    public Session openGrowing(FleetPlan plan) {
        Objects.requireNonNull(plan, "plan");
        if (plan.getNodes().isEmpty()) {
            return open(plan, false); // nothing can ever be placed
        }
        Horizon horizon = plan.getHorizon();
        Workload dependency = placeholder(PLACEHOLDER + "-dependency", horizon, List.of());
        Workload dependent = placeholder(PLACEHOLDER, horizon, List.of(dependency.id()));
        List<Workload> workloads = new ArrayList<>(plan.getWorkloads());
        workloads.addAll(List.of(dependency, dependent));
        List<Replica> replicas = new ArrayList<>(plan.getReplicas());
        replicas.add(new Replica(dependent, 0, plan.getNodes().getFirst(), dependent.releaseSlot()));
        FleetPlan growing = new FleetPlan(horizon, plan.getPolicy(), plan.getZones(), plan.getClusters(), plan.getNodes(),
                workloads, replicas);
        // Weights are fixed when the session opens: a workload added later may price what no workload here does.
        growing.setConstraintWeightOverrides(ConstraintWeights.overridesForAnyWorkload(plan.getPolicy(), horizon));
        Session session = open(growing, false);
        session.removeWorkload(dependent);
        session.removeWorkload(dependency);
        return session;
    }

    private static Workload placeholder(String id, Horizon horizon, List<String> colocateWith) {
        return new Workload(id, "", WorkloadKind.SERVICE, Resources.NONE, 1, Map.of(), List.of(), SandboxRequirement.ANY_CONTAINER,
                Set.of(), Optional.empty(), 0, Optional.empty(), false, colocateWith, horizon.slots(), 0, horizon.slots());
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
        // What the score director holds now, workloads added and removed included; in the plan's order, then arrival.
        private final Map<String, Workload> workloadsById = new LinkedHashMap<>();
        private final Map<Workload, List<Replica>> replicasByWorkload = new HashMap<>();
        private final List<ColocationRequirement> colocations;

        private Session(InnerScoreDirector<FleetPlan, HardMediumSoftScore> director, FleetPlan workingPlan,
                        boolean withJustifications) {
            this.director = director;
            this.workingPlan = workingPlan;
            this.withJustifications = withJustifications;
            this.replicasById = new HashMap<>();
            for (Workload workload : workingPlan.getWorkloads()) {
                workloadsById.put(workload.id(), workload);
                replicasByWorkload.put(workload, new ArrayList<>(workload.replicas()));
            }
            for (Replica replica : workingPlan.getReplicas()) {
                replicasById.put(replica.getId(), replica);
                replicasByWorkload.get(replica.getWorkload()).add(replica);
            }
            this.colocations = new ArrayList<>(workingPlan.getColocations());
        }

        /** The workloads the session holds, those of the plan first, then those added, in the order they came. */
        public List<Workload> workloads() {
            return List.copyOf(workloadsById.values());
        }

        public Optional<Workload> workload(String workloadId) {
            return Optional.ofNullable(workloadsById.get(workloadId));
        }

        /** The session's replicas of a workload it holds, in ordinal order: clones, move them only through {@link #move}. */
        public List<Replica> replicas(Workload workload) {
            List<Replica> replicas = replicasByWorkload.get(workload);
            if (replicas == null) {
                throw new IllegalArgumentException("workload " + workload.id() + " is not in this session");
            }
            return Collections.unmodifiableList(replicas);
        }

        /**
         * Adds a workload and its co-location requirements, checked as {@link FleetPlan}'s constructor checks them,
         * with no replica yet: {@link #addReplica} adds them one by one. The working plan's lists are left as the
         * session was opened; {@link #workloads()} and {@link #replicas} say what it holds.
         */
        public void addWorkload(Workload workload) {
            Objects.requireNonNull(workload, "workload");
            if (workloadsById.containsKey(workload.id())) {
                throw new IllegalArgumentException("workload " + workload.id() + " is already in the plan");
            }
            workingPlan.getHorizon().requireCovers(workload);
            List<ColocationRequirement> requirements = FleetPlan.colocationsOf(workload, workloadsById::get);
            director.beforeProblemFactAdded(workload);
            workloadsById.put(workload.id(), workload);
            replicasByWorkload.put(workload, new ArrayList<>(workload.replicas()));
            director.afterProblemFactAdded(workload);
            for (ColocationRequirement requirement : requirements) {
                director.beforeProblemFactAdded(requirement);
                colocations.add(requirement);
                director.afterProblemFactAdded(requirement);
            }
            director.triggerVariableListeners();
        }

        /**
         * Adds the workload's next replica, unplaced and starting at its release slot: an unplaced replica with a
         * start slot is scored (it costs one medium), one without is not.
         */
        public Replica addReplica(Workload workload) {
            List<Replica> replicas = replicasByWorkload.get(workload);
            if (replicas == null || workloadsById.get(workload.id()) != workload) {
                throw new IllegalArgumentException("workload " + workload.id() + " is not in this session");
            }
            if (replicas.size() == workload.replicas()) {
                throw new IllegalStateException("workload " + workload.id() + " has all its " + workload.replicas() + " replicas");
            }
            Replica replica = new Replica(workload, replicas.size());
            replica.setStartSlot(workload.releaseSlot());
            director.beforeEntityAdded(replica);
            replicas.add(replica);
            replicasById.put(replica.getId(), replica);
            director.afterEntityAdded(replica);
            director.triggerVariableListeners();
            return replica;
        }

        /**
         * Removes a workload with its replicas and co-location requirements; refused, naming them, while other
         * workloads must sit next to it.
         */
        public void removeWorkload(Workload workload) {
            List<Replica> replicas = replicasByWorkload.get(workload);
            if (replicas == null || workloadsById.get(workload.id()) != workload) {
                throw new IllegalArgumentException("workload " + workload.id() + " is not in this session");
            }
            List<String> dependents = colocations.stream()
                    .filter(requirement -> requirement.dependency() == workload)
                    .map(requirement -> requirement.dependent().id())
                    .toList();
            if (!dependents.isEmpty()) {
                throw new IllegalStateException("workload " + workload.id() + " cannot go: " + dependents
                        + " must run next to it (colocateWith)");
            }
            for (Replica replica : replicas) {
                director.beforeEntityRemoved(replica);
                replicasById.remove(replica.getId());
                director.afterEntityRemoved(replica);
            }
            for (ColocationRequirement requirement : colocations.stream().filter(r -> r.dependent() == workload).toList()) {
                director.beforeProblemFactRemoved(requirement);
                colocations.remove(requirement);
                director.afterProblemFactRemoved(requirement);
            }
            director.beforeProblemFactRemoved(workload);
            workloadsById.remove(workload.id());
            replicasByWorkload.remove(workload);
            director.afterProblemFactRemoved(workload);
            director.triggerVariableListeners();
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

        /**
         * The plan the session was opened on: a planning clone, not the caller's. Its lists do not follow
         * {@link #addWorkload} and {@link #removeWorkload}.
         */
        public FleetPlan workingPlan() {
            return workingPlan;
        }

        @Override
        public void close() {
            director.close();
        }
    }
}
