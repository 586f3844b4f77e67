package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * A replica moved to another node (at its best start slot there, for deferrable work), everything else in
 * the plan unchanged, scored by the same constraints and weights as the plan.
 *
 * @param current        where it runs now; empty when it is not placed
 * @param candidate      where it would run
 * @param pinned         true when the policy pins it where it runs, so the solver would not consider the move
 * @param currentScore   the plan's score as it is
 * @param candidateScore the plan's score with the replica moved
 * @param changes        the constraints whose score changes, the costliest change first
 */
public record Alternative(String replica, Optional<Placement> current, Placement candidate, boolean pinned,
                          Verdict verdict, HardMediumSoftScore currentScore, HardMediumSoftScore candidateScore,
                          List<ConstraintChange> changes) {

    public Alternative {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(currentScore, "currentScore");
        Objects.requireNonNull(candidateScore, "candidateScore");
        changes = List.copyOf(changes);
    }

    /** Candidate score minus current score; negative when the candidate is worse. */
    public HardMediumSoftScore difference() {
        return candidateScore.subtract(currentScore);
    }

    /** Grams of CO2e-equivalent the move would add (negative when it saves). */
    public double extraGrams() {
        return -Costs.grams(difference());
    }

    /** The hard-rule matches the move would create, from the constraints it breaks more of. */
    public List<Contribution> brokenRules() {
        return changes.stream()
                .filter(ConstraintChange::breaksHardRule)
                .flatMap(change -> change.appeared().stream())
                .filter(contribution -> contribution.score().hardScore() < 0)
                .toList();
    }

    /** One sentence for people: the verdict and what decides it. */
    public String summary() {
        String move = replica + " on " + candidate.node();
        String text = switch (verdict) {
            case ALREADY_THERE -> replica + " already runs on " + candidate.node();
            case INFEASIBLE -> move + " would break hard rules: "
                    + brokenRules().stream().map(Contribution::reason).collect(Collectors.joining("; "));
            case WORSE -> move + " would cost " + Costs.costChange(difference()) + ": " + changeList();
            case EQUAL -> move + " would score the same" + (changes.isEmpty() ? "" : ": " + changeList());
            case BETTER -> move + " would score better, " + Costs.costChange(difference())
                    + (difference().hardScore() > 0 ? " (it fixes hard rules the plan breaks)"
                    : difference().mediumScore() > 0 ? " (it places a replica the plan leaves unplaced)"
                    : " (the plan is not optimal for this replica)") + ": " + changeList();
        };
        return pinned && verdict != Verdict.ALREADY_THERE ? text + " [" + replica + " is pinned where it runs]" : text;
    }

    private String changeList() {
        return changes.stream()
                .map(change -> change.constraint() + " " + Costs.costChange(change.difference()))
                .collect(Collectors.joining(", "));
    }
}
