package io.heliostat.api.policy;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * How a policy prices the soft costs. Every cost is in grams of CO2e-equivalent, so each weight reads as "how many
 * grams one unit of this is worth". The names, units and defaults are those of the {@code policy} block of the
 * solver's problem file (docs/file-formats.md), so that a block can be copied from one to the other. Absent weights
 * take their default.
 *
 * @param carbon                   multiplier on operational and idle carbon (1.0: a gram counts as a gram)
 * @param energyGramsPerKwh        shadow price of energy on top of its carbon (0 leaves energy out of the score)
 * @param latencyGramsPerMs        cost of each millisecond of round-trip time a replica's users see
 * @param migrationGramsPerMove    cost of moving a replica off its current node
 * @param headroomTarget           CPU utilisation a node should stay under, more than 0 and at most 1
 * @param headroomGramsPerCoreHour cost of each core-hour of CPU requested above the headroom target
 * @param preferNoScheduleGrams    cost of a replica on a node with a PreferNoSchedule taint it does not tolerate
 * @param sandboxSecurityWeight    α in the sandbox utility {@code U(s) = α·Security(s) + β·Performance(s)}
 * @param sandboxPerformanceWeight β in the same
 */
public record ObjectiveWeights(@Min(0) @Max(MAX_WEIGHT) Double carbon, @Min(0) @Max(MAX_WEIGHT) Double energyGramsPerKwh,
                               @Min(0) @Max(MAX_WEIGHT) Double latencyGramsPerMs,
                               @Min(0) @Max(MAX_WEIGHT) Double migrationGramsPerMove,
                               @Min(value = 0, inclusive = false) @Max(1) Double headroomTarget,
                               @Min(0) @Max(MAX_WEIGHT) Double headroomGramsPerCoreHour,
                               @Min(0) @Max(MAX_WEIGHT) Double preferNoScheduleGrams,
                               @Min(0) @Max(MAX_WEIGHT) Double sandboxSecurityWeight,
                               @Min(0) @Max(MAX_WEIGHT) Double sandboxPerformanceWeight) implements Validated {

    // The solver's PlacementPolicy.DEFAULT_* values, copied because this module must not depend on the solver;
    // a controller test holds the two equal.
    public static final double DEFAULT_CARBON = 1.0;
    public static final double DEFAULT_ENERGY_GRAMS_PER_KWH = 0.0;
    public static final double DEFAULT_LATENCY_GRAMS_PER_MS = 0.2;
    public static final double DEFAULT_MIGRATION_GRAMS_PER_MOVE = 10.0;
    public static final double DEFAULT_HEADROOM_TARGET = 0.85;
    public static final double DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR = 0.5;
    public static final double DEFAULT_PREFER_NO_SCHEDULE_GRAMS = 20.0;
    public static final double DEFAULT_SANDBOX_SECURITY_WEIGHT = 0.5;
    public static final double DEFAULT_SANDBOX_PERFORMANCE_WEIGHT = 0.5;

    /**
     * Far above any price that makes sense (a tonne for one unit), yet finite: a typo such as {@code .inf} or
     * {@code 1e300} would otherwise drown every other cost and overflow the solver's score, which counts
     * micrograms in a long.
     */
    public static final double MAX_WEIGHT = 1_000_000;

    public ObjectiveWeights {
        carbon = carbon == null ? DEFAULT_CARBON : carbon;
        energyGramsPerKwh = energyGramsPerKwh == null ? DEFAULT_ENERGY_GRAMS_PER_KWH : energyGramsPerKwh;
        latencyGramsPerMs = latencyGramsPerMs == null ? DEFAULT_LATENCY_GRAMS_PER_MS : latencyGramsPerMs;
        migrationGramsPerMove = migrationGramsPerMove == null ? DEFAULT_MIGRATION_GRAMS_PER_MOVE : migrationGramsPerMove;
        headroomTarget = headroomTarget == null ? DEFAULT_HEADROOM_TARGET : headroomTarget;
        headroomGramsPerCoreHour = headroomGramsPerCoreHour == null
                ? DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR : headroomGramsPerCoreHour;
        preferNoScheduleGrams = preferNoScheduleGrams == null ? DEFAULT_PREFER_NO_SCHEDULE_GRAMS : preferNoScheduleGrams;
        sandboxSecurityWeight = sandboxSecurityWeight == null ? DEFAULT_SANDBOX_SECURITY_WEIGHT : sandboxSecurityWeight;
        sandboxPerformanceWeight = sandboxPerformanceWeight == null
                ? DEFAULT_SANDBOX_PERFORMANCE_WEIGHT : sandboxPerformanceWeight;
    }

    public static ObjectiveWeights ofDefaults() {
        return new ObjectiveWeights(null, null, null, null, null, null, null, null, null);
    }

    @Override
    public void validate(Validator validator) {
        validator.range("carbon", carbon, 0, MAX_WEIGHT);
        validator.range("energyGramsPerKwh", energyGramsPerKwh, 0, MAX_WEIGHT);
        validator.range("latencyGramsPerMs", latencyGramsPerMs, 0, MAX_WEIGHT);
        validator.range("migrationGramsPerMove", migrationGramsPerMove, 0, MAX_WEIGHT);
        validator.rangeAbove("headroomTarget", headroomTarget, 0, 1);
        validator.range("headroomGramsPerCoreHour", headroomGramsPerCoreHour, 0, MAX_WEIGHT);
        validator.range("preferNoScheduleGrams", preferNoScheduleGrams, 0, MAX_WEIGHT);
        validator.range("sandboxSecurityWeight", sandboxSecurityWeight, 0, MAX_WEIGHT);
        validator.range("sandboxPerformanceWeight", sandboxPerformanceWeight, 0, MAX_WEIGHT);
    }
}
