package io.heliostat.solver.domain;

import java.util.Objects;

/**
 * The weights that trade carbon against energy, latency, churn and headroom. Every soft cost is priced
 * in grams of CO2e-equivalent, so one weight reads as "how many grams is one unit of this worth".
 *
 * @param carbon multiplier on operational carbon (grams count as grams at 1.0)
 * @param energyGramsPerKwh shadow price of energy, on top of its carbon
 * @param latencyGramsPerMs cost of each millisecond of RTT a replica's users see
 * @param migrationGramsPerMove cost of moving one replica from its current node
 * @param headroomTarget CPU utilisation a node should stay under, 0 < t <= 1
 * @param headroomGramsPerCoreHour cost of each core-hour of CPU requested above the target
 * @param preferNoScheduleGrams cost of placing a replica on a node with an untolerated PreferNoSchedule taint
 * @param sandboxSecurityWeight α in the sandbox utility {@code α·Security + β·Performance}
 * @param sandboxPerformanceWeight β in the same
 */
public record PlacementPolicy(double carbon, double energyGramsPerKwh, double latencyGramsPerMs,
                              double migrationGramsPerMove, double headroomTarget, double headroomGramsPerCoreHour,
                              double preferNoScheduleGrams, MigrationMode migrationMode,
                              double sandboxSecurityWeight, double sandboxPerformanceWeight) {

    public static final double DEFAULT_CARBON = 1.0;
    public static final double DEFAULT_ENERGY_GRAMS_PER_KWH = 0.0;
    public static final double DEFAULT_LATENCY_GRAMS_PER_MS = 0.2;
    public static final double DEFAULT_MIGRATION_GRAMS_PER_MOVE = 10.0;
    public static final double DEFAULT_HEADROOM_TARGET = 0.85;
    // Low enough that switching on an idle server to make room costs more than running hot, so headroom
    // shapes placement among nodes that are on rather than switching more on.
    public static final double DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR = 0.5;
    public static final double DEFAULT_PREFER_NO_SCHEDULE_GRAMS = 20.0;
    public static final MigrationMode DEFAULT_MIGRATION_MODE = MigrationMode.PENALISE;
    public static final double DEFAULT_SANDBOX_SECURITY_WEIGHT = 0.5;
    public static final double DEFAULT_SANDBOX_PERFORMANCE_WEIGHT = 0.5;

    public PlacementPolicy {
        requireWeight("carbon", carbon);
        requireWeight("energyGramsPerKwh", energyGramsPerKwh);
        requireWeight("latencyGramsPerMs", latencyGramsPerMs);
        requireWeight("migrationGramsPerMove", migrationGramsPerMove);
        if (!(headroomTarget > 0 && headroomTarget <= 1)) {
            throw new IllegalArgumentException("headroomTarget must be in (0, 1], was " + headroomTarget);
        }
        requireWeight("headroomGramsPerCoreHour", headroomGramsPerCoreHour);
        requireWeight("preferNoScheduleGrams", preferNoScheduleGrams);
        Objects.requireNonNull(migrationMode, "migrationMode");
        requireWeight("sandboxSecurityWeight", sandboxSecurityWeight);
        requireWeight("sandboxPerformanceWeight", sandboxPerformanceWeight);
    }

    private static void requireWeight(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
    }

    public static PlacementPolicy ofDefaults() {
        return new PlacementPolicy(DEFAULT_CARBON, DEFAULT_ENERGY_GRAMS_PER_KWH, DEFAULT_LATENCY_GRAMS_PER_MS,
                DEFAULT_MIGRATION_GRAMS_PER_MOVE, DEFAULT_HEADROOM_TARGET, DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR,
                DEFAULT_PREFER_NO_SCHEDULE_GRAMS, DEFAULT_MIGRATION_MODE, DEFAULT_SANDBOX_SECURITY_WEIGHT,
                DEFAULT_SANDBOX_PERFORMANCE_WEIGHT);
    }
}
