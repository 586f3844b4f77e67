package io.heliostat.solver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.domain.valuerange.ValueRange;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.config.solver.SolverConfig;

import io.heliostat.solver.analysis.internal.ConstraintMatches;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Match;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Session;
import io.heliostat.solver.analysis.internal.ConstraintMatches.Total;
import io.heliostat.solver.constraints.justifications.Explanation;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.PlacementModel;

/**
 * Explains a plan with the solver's own constraints and the plan's weights: its score by constraint, why
 * each replica of a workload is where it is, what it would get on another node, and its best other nodes.
 *
 * <p>Every answer is computed on a planning clone of the plan: the caller's plan, its replicas and its score
 * are never changed. Moves are scored incrementally, exactly as the solver scores them. Thread-safe: each
 * call works on its own clone.
 */
public final class PlacementExplainer {

    /** How many known ids an unknown-id error lists before it truncates. */
    private static final int KNOWN_IDS_SHOWN = 10;

    private static final Comparator<Contribution> COSTLIEST_FIRST = Comparator.comparing(Contribution::score)
            .thenComparing(Contribution::constraint)
            .thenComparing(Contribution::reason);

    private final ConstraintMatches constraintMatches;

    /** An explainer of plans of the model {@link PlacementModel#solverConfig()} configures. */
    public PlacementExplainer() {
        this(PlacementModel.solverConfig());
    }

    /** Builds the score director factory once (about half a second); reuse the explainer. */
    public PlacementExplainer(SolverConfig config) {
        this.constraintMatches = new ConstraintMatches(config);
    }

    /** The plan's score by constraint, each with its matches. */
    public ScoreBreakdown breakdown(FleetPlan plan) {
        Objects.requireNonNull(plan, "plan");
        try (Session session = constraintMatches.open(plan, true)) {
            HardMediumSoftScore score = session.score();
            List<ConstraintScore> constraints = session.totals().stream()
                    .map(PlacementExplainer::constraintScore)
                    .sorted(Comparator.comparing(ConstraintScore::score).thenComparing(ConstraintScore::constraint))
                    .toList();
            List<String> unscored = session.workingPlan().getReplicas().stream()
                    .filter(replica -> !scored(replica))
                    .map(Replica::getId)
                    .toList();
            return new ScoreBreakdown(score, constraints, unscored);
        }
    }

    /** For each replica of the workload: where it runs and every match that concerns it. */
    public WorkloadExplanation explain(FleetPlan plan, String workloadId) {
        Objects.requireNonNull(plan, "plan");
        Workload workload = workload(plan, workloadId);
        try (Session session = constraintMatches.open(plan, true)) {
            List<Contribution> all = new ArrayList<>();
            for (Total total : session.totals()) {
                for (Match match : total.matches()) {
                    all.add(contribution(total.constraint(), match));
                }
            }
            List<ReplicaExplanation> replicas = new ArrayList<>();
            for (Replica replica : replicasOf(session, workload)) {
                List<Contribution> concerning = all.stream()
                        .filter(contribution -> Attribution.concerns(contribution.explanation(), replica))
                        .sorted(COSTLIEST_FIRST)
                        .toList();
                replicas.add(new ReplicaExplanation(replica.getId(), placement(replica), replica.isPinned(),
                        scored(replica), concerning));
            }
            return new WorkloadExplanation(workload.id(), replicas);
        }
    }

    /**
     * What each replica of the workload would get on the node, each moved there alone (at its best start
     * slot there, for deferrable work) with every other replica where it is. A replica that already runs
     * there is {@link Verdict#ALREADY_THERE}.
     */
    public WhyNot whyNot(FleetPlan plan, String workloadId, String nodeId) {
        Objects.requireNonNull(plan, "plan");
        Workload workload = workload(plan, workloadId);
        Node node = node(plan, nodeId);
        try (Session session = constraintMatches.open(plan, true)) {
            Baseline baseline = Baseline.of(session);
            List<Alternative> replicas = new ArrayList<>();
            for (Replica replica : replicasOf(session, workload)) {
                if (replica.getNode() == node) {
                    Placement here = Placement.of(replica);
                    replicas.add(new Alternative(replica.getId(), Optional.of(here), here, replica.isPinned(),
                            Verdict.ALREADY_THERE, baseline.score(), baseline.score(), List.of()));
                } else {
                    replicas.add(evaluate(session, baseline, replica, node, bestStart(session, replica, node).start()));
                }
            }
            return new WhyNot(workload.id(), node.id(), replicas);
        }
    }

    /**
     * The {@code limit} best other nodes for the replica, ranked by the plan's score with the replica moved
     * there (at its best start slot there, for deferrable work), each with what changes and why.
     *
     * <p>Every node is scored by one incremental move on one score director without justifications; only the
     * {@code limit} best are then re-scored with their matches. Deferrable work costs one move per node and
     * start slot in its window.
     */
    public Alternatives alternatives(FleetPlan plan, String replicaId, int limit) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(replicaId, "replicaId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        replica(plan, replicaId);
        List<Candidate> best;
        int compared = 0;
        try (Session scan = constraintMatches.open(plan, false)) {
            Replica replica = scan.replica(replicaId).orElseThrow();
            Node home = replica.getNode();
            Integer homeStart = replica.getStartSlot();
            // The worst of the best so far at the head, to drop it when a better one comes.
            PriorityQueue<Candidate> top = new PriorityQueue<>(Candidate.BEST_FIRST.reversed());
            try {
                for (Node node : plan.getNodes()) {
                    if (node == home) {
                        continue;
                    }
                    compared++;
                    top.add(scoreBestStart(scan, replica, node, homeStart));
                    if (top.size() > limit) {
                        top.poll();
                    }
                }
            } finally {
                scan.move(replica, home, homeStart);
            }
            best = new ArrayList<>(top);
            best.sort(Candidate.BEST_FIRST);
        }
        try (Session session = constraintMatches.open(plan, true)) {
            Replica replica = session.replica(replicaId).orElseThrow();
            Baseline baseline = Baseline.of(session);
            List<Alternative> ranked = new ArrayList<>(best.size());
            for (Candidate candidate : best) {
                ranked.add(evaluate(session, baseline, replica, candidate.node(), candidate.start()));
            }
            return new Alternatives(replicaId, placement(replica), baseline.score(), compared, ranked);
        }
    }

    // ************************************************************************
    // Moving a replica and reading what changes
    // ************************************************************************

    /** The session's score and constraint matches before any move. */
    private record Baseline(HardMediumSoftScore score, Map<String, Total> totals) {

        static Baseline of(Session session) {
            HardMediumSoftScore score = session.score();
            Map<String, Total> totals = session.totals().stream().collect(Collectors.toMap(Total::constraint, Function.identity()));
            return new Baseline(score, totals);
        }

        HardMediumSoftScore constraintScore(String constraint) {
            Total total = totals.get(constraint);
            return total == null ? HardMediumSoftScore.ZERO : total.score();
        }

        List<Match> matches(String constraint) {
            Total total = totals.get(constraint);
            return total == null ? List.of() : total.matches();
        }
    }

    /** A node for a replica, the best start slot there, and the plan's score with the replica there. */
    private record Candidate(Node node, int start, HardMediumSoftScore score) {

        static final Comparator<Candidate> BEST_FIRST = Comparator.comparing(Candidate::score).reversed()
                .thenComparingInt(candidate -> candidate.node().index());
    }

    /** As {@link #scoreBestStart}, leaving the session as it was. */
    private static Candidate bestStart(Session session, Replica replica, Node node) {
        Node home = replica.getNode();
        Integer homeStart = replica.getStartSlot();
        try {
            return scoreBestStart(session, replica, node, homeStart);
        } finally {
            session.move(replica, home, homeStart);
        }
    }

    /**
     * Moves the replica to the node and scores every start its value range allows; {@code preferredStart}
     * (its start where it runs now) wins ties, then the earliest. Leaves the replica on the node, so that a
     * scan over many nodes moves it once per node and start, not back and forth.
     */
    private static Candidate scoreBestStart(Session session, Replica replica, Node node, Integer preferredStart) {
        ValueRange<Integer> range = replica.getStartSlotRange();
        Integer bestStart = null;
        HardMediumSoftScore bestScore = null;
        if (preferredStart != null && range.contains(preferredStart)) {
            session.move(replica, node, preferredStart);
            bestStart = preferredStart;
            bestScore = session.score();
        }
        for (Iterator<Integer> starts = range.createOriginalIterator(); starts.hasNext(); ) {
            Integer start = starts.next();
            if (start.equals(preferredStart)) {
                continue;
            }
            session.move(replica, node, start);
            HardMediumSoftScore score = session.score();
            if (bestScore == null || score.compareTo(bestScore) > 0) {
                bestStart = start;
                bestScore = score;
            }
        }
        return new Candidate(node, bestStart, bestScore);
    }

    /** Moves the replica, reads the constraints that change and their matches, and moves it back. */
    private static Alternative evaluate(Session session, Baseline baseline, Replica replica, Node node, int start) {
        Node home = replica.getNode();
        Integer homeStart = replica.getStartSlot();
        Optional<Placement> current = placement(replica);
        session.move(replica, node, start);
        try {
            HardMediumSoftScore score = session.score();
            Map<String, HardMediumSoftScore> scores = session.constraintScores();
            Set<String> changed = new HashSet<>();
            for (String constraint : union(scores.keySet(), baseline.totals().keySet())) {
                if (!scores.getOrDefault(constraint, HardMediumSoftScore.ZERO).equals(baseline.constraintScore(constraint))) {
                    changed.add(constraint);
                }
            }
            List<ConstraintChange> changes = new ArrayList<>();
            for (Total after : session.totals(changed::contains)) {
                changes.add(change(after.constraint(), baseline.matches(after.constraint()), after.matches(),
                        after.score().subtract(baseline.constraintScore(after.constraint()))));
            }
            changes.sort(Comparator.comparing(ConstraintChange::difference).thenComparing(ConstraintChange::constraint));
            Verdict verdict = verdict(changes, score, baseline.score());
            return new Alternative(replica.getId(), current, Placement.of(replica), replica.isPinned(), verdict,
                    baseline.score(), score, changes);
        } finally {
            session.move(replica, home, homeStart);
        }
    }

    private static Verdict verdict(List<ConstraintChange> changes, HardMediumSoftScore candidate, HardMediumSoftScore current) {
        // A hard rule the move breaks is reason enough not to go there, even when it fixes another.
        if (changes.stream().anyMatch(ConstraintChange::breaksHardRule)) {
            return Verdict.INFEASIBLE;
        }
        int comparison = candidate.compareTo(current);
        return comparison < 0 ? Verdict.WORSE : comparison > 0 ? Verdict.BETTER : Verdict.EQUAL;
    }

    /** The matches that appear and disappear, as multisets: a match that stays the same is in neither. */
    private static ConstraintChange change(String constraint, List<Match> before, List<Match> after,
                                           HardMediumSoftScore difference) {
        Map<Match, Integer> remaining = new HashMap<>();
        for (Match match : before) {
            remaining.merge(match, 1, Integer::sum);
        }
        List<Contribution> appeared = new ArrayList<>();
        for (Match match : after) {
            Integer count = remaining.get(match);
            if (count == null) {
                appeared.add(contribution(constraint, match));
            } else if (count == 1) {
                remaining.remove(match);
            } else {
                remaining.put(match, count - 1);
            }
        }
        List<Contribution> disappeared = new ArrayList<>();
        remaining.forEach((match, count) -> {
            for (int i = 0; i < count; i++) {
                disappeared.add(contribution(constraint, match));
            }
        });
        appeared.sort(COSTLIEST_FIRST);
        disappeared.sort(COSTLIEST_FIRST);
        return new ConstraintChange(constraint, difference, appeared, disappeared);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    // ************************************************************************
    // Conversions and look-ups
    // ************************************************************************

    private static ConstraintScore constraintScore(Total total) {
        List<Contribution> matches = total.matches().stream()
                .map(match -> contribution(total.constraint(), match))
                .sorted(COSTLIEST_FIRST)
                .toList();
        return new ConstraintScore(total.constraint(), total.weight(), total.score(), matches);
    }

    private static Contribution contribution(String constraint, Match match) {
        if (!(match.justification() instanceof Explanation explanation)) {
            // Every constraint must justifyWith an Explanation record, or it cannot say why.
            throw new IllegalStateException("constraint '" + constraint + "' justifies its matches with "
                    + match.justification().getClass().getName() + ", not an " + Explanation.class.getSimpleName());
        }
        return new Contribution(constraint, explanation, match.score());
    }

    private static Optional<Placement> placement(Replica replica) {
        return replica.getNode() == null ? Optional.empty() : Optional.of(Placement.of(replica));
    }

    /** Timefold does not score a replica with a node but no start slot: it counts as not yet initialised. */
    private static boolean scored(Replica replica) {
        return replica.getNode() == null || replica.getStartSlot() != null;
    }

    private static List<Replica> replicasOf(Session session, Workload workload) {
        return session.workingPlan().getReplicas().stream()
                .filter(replica -> replica.getWorkload() == workload)
                .toList();
    }

    private static Workload workload(FleetPlan plan, String workloadId) {
        Objects.requireNonNull(workloadId, "workloadId");
        return plan.getWorkloads().stream()
                .filter(workload -> workload.id().equals(workloadId))
                .findFirst()
                .orElseThrow(() -> unknown("workload", workloadId, plan.getWorkloads().stream().map(Workload::id).toList()));
    }

    private static Node node(FleetPlan plan, String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        return plan.getNodes().stream()
                .filter(node -> node.id().equals(nodeId))
                .findFirst()
                .orElseThrow(() -> unknown("node", nodeId, plan.getNodes().stream().map(Node::id).toList()));
    }

    private static Replica replica(FleetPlan plan, String replicaId) {
        return plan.getReplicas().stream()
                .filter(replica -> replica.getId().equals(replicaId))
                .findFirst()
                .orElseThrow(() -> unknown("replica", replicaId, plan.getReplicas().stream().map(Replica::getId).toList()));
    }

    /** "no workload 'web2'; known: web, api, ... (42 in all)". */
    static IllegalArgumentException unknown(String kind, String id, List<String> known) {
        String listed = known.isEmpty() ? "none"
                : String.join(", ", known.subList(0, Math.min(KNOWN_IDS_SHOWN, known.size())))
                + (known.size() > KNOWN_IDS_SHOWN ? ", ... (" + known.size() + " in all)" : "");
        return new IllegalArgumentException("no " + kind + " '" + id + "'; known: " + listed);
    }
}
