package io.heliostat.solver.analysis;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

/**
 * How one constraint's score changes when a replica moves, and the matches behind the change.
 *
 * @param difference   the constraint's score after the move minus before; negative costs more
 * @param appeared     matches the move creates (or changes into), costliest first
 * @param disappeared  matches the move removes (or changes from), costliest first
 */
public record ConstraintChange(String constraint, HardMediumSoftScore difference, List<Contribution> appeared,
                               List<Contribution> disappeared) {

    public ConstraintChange {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(difference, "difference");
        appeared = List.copyOf(appeared);
        disappeared = List.copyOf(disappeared);
    }

    /** Grams of CO2e-equivalent the move adds under this constraint (negative when it saves). */
    public double extraGrams() {
        return -Costs.grams(difference);
    }

    /** True when the move breaks more of this hard rule than the current placement does. */
    public boolean breaksHardRule() {
        return difference.hardScore() < 0;
    }

    /** "Operational carbon +30 g CO2e-eq: <appeared reasons>; instead of: <disappeared reasons>". */
    public String sentence() {
        StringBuilder sentence = new StringBuilder(constraint).append(' ').append(Costs.costChange(difference));
        if (!appeared.isEmpty()) {
            sentence.append(": ").append(reasons(appeared));
        }
        if (!disappeared.isEmpty()) {
            sentence.append(appeared.isEmpty() ? ": no longer " : "; instead of: ").append(reasons(disappeared));
        }
        return sentence.toString();
    }

    private static String reasons(List<Contribution> contributions) {
        return contributions.stream().map(Contribution::reason).collect(Collectors.joining("; "));
    }
}
