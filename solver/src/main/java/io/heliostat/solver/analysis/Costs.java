package io.heliostat.solver.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.ConstraintWeights;

/** Scores in the units people read: hard and medium points, and soft µg CO2e-equivalent as grams. */
public final class Costs {

    private Costs() {
    }

    /** The soft part in grams of CO2e-equivalent (soft scores are µg, see {@link ConstraintWeights}). */
    public static double grams(HardMediumSoftScore score) {
        return score.softScore() / (double) ConstraintWeights.MICROGRAMS_PER_GRAM;
    }

    /**
     * A cost (a penalty's magnitude) such as "1 hard", "12.5 g CO2e-eq" or "1 hard, 0.25 g CO2e-eq".
     * Scores are negative for penalties, so the cost of a score is its negation.
     */
    static String cost(HardMediumSoftScore score) {
        return describe(score.multiply(-1), false);
    }

    /** A change in cost, signed: "+12.5 g CO2e-eq" costs more, "-2 hard" breaks two hard points fewer. */
    public static String costChange(HardMediumSoftScore difference) {
        return describe(difference.multiply(-1), true);
    }

    private static String describe(HardMediumSoftScore cost, boolean signed) {
        List<String> parts = new ArrayList<>(3);
        if (cost.hardScore() != 0) {
            parts.add(number(BigDecimal.valueOf(cost.hardScore()), signed) + " hard");
        }
        if (cost.mediumScore() != 0) {
            parts.add(number(BigDecimal.valueOf(cost.mediumScore()), signed) + " medium");
        }
        if (cost.softScore() != 0 || parts.isEmpty()) {
            parts.add(gramsText(cost.softScore(), signed) + " g CO2e-eq");
        }
        return String.join(", ", parts);
    }

    /** Grams with at most three decimals (milligram precision) and no trailing zeros. */
    public static String gramsText(long micrograms, boolean signed) {
        BigDecimal grams = BigDecimal.valueOf(micrograms, 6).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return number(grams, signed);
    }

    private static String number(BigDecimal value, boolean signed) {
        String text = value.signum() == 0 ? "0" : value.toPlainString();
        return signed && value.signum() > 0 ? "+" + text : text;
    }
}
