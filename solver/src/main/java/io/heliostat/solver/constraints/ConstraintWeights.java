package io.heliostat.solver.constraints;

import static io.heliostat.solver.constraints.PlacementConstraints.ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.HEADROOM;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY;
import static io.heliostat.solver.constraints.PlacementConstraints.MIGRATION;
import static io.heliostat.solver.constraints.PlacementConstraints.OPERATIONAL_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.PREFER_NO_SCHEDULE;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.PlacementPolicy;

/**
 * Turns a policy into constraint weights. The soft score is in micrograms of CO2e-equivalent: each soft
 * constraint matches in its own unit and its weight converts that unit to µg at the policy's price.
 *
 * <table>
 * <tr><th>constraint</th><th>match unit</th><th>weight (µg per unit)</th></tr>
 * <tr><td>operational and idle carbon</td><td>mg CO2e</td><td>1000 × carbon</td></tr>
 * <tr><td>energy and idle energy</td><td>mWh</td><td>energyGramsPerKwh (1 g/kWh = 1 µg/mWh)</td></tr>
 * <tr><td>latency</td><td>ms of RTT per replica</td><td>10^6 × latencyGramsPerMs</td></tr>
 * <tr><td>migration</td><td>moves</td><td>10^6 × migrationGramsPerMove</td></tr>
 * <tr><td>headroom</td><td>millicore-slots over target</td><td>1000 × slotHours × headroomGramsPerCoreHour</td></tr>
 * <tr><td>PreferNoSchedule taint</td><td>replicas</td><td>10^6 × preferNoScheduleGrams</td></tr>
 * </table>
 */
public final class ConstraintWeights {

    /** Soft score points per gram of CO2e-equivalent. */
    public static final long MICROGRAMS_PER_GRAM = 1_000_000;

    private ConstraintWeights() {
    }

    public static ConstraintWeightOverrides<HardMediumSoftScore> overrides(PlacementPolicy policy, Horizon horizon) {
        Map<String, HardMediumSoftScore> weights = new LinkedHashMap<>();
        weights.put(OPERATIONAL_CARBON, soft(1000.0 * policy.carbon()));
        weights.put(IDLE_CARBON, soft(1000.0 * policy.carbon()));
        weights.put(ENERGY, soft(policy.energyGramsPerKwh()));
        weights.put(IDLE_ENERGY, soft(policy.energyGramsPerKwh()));
        weights.put(LATENCY, soft(MICROGRAMS_PER_GRAM * policy.latencyGramsPerMs()));
        weights.put(MIGRATION, soft(MICROGRAMS_PER_GRAM * policy.migrationGramsPerMove()));
        weights.put(HEADROOM, soft(1000.0 * horizon.slotHours() * policy.headroomGramsPerCoreHour()));
        weights.put(PREFER_NO_SCHEDULE, soft(MICROGRAMS_PER_GRAM * policy.preferNoScheduleGrams()));
        return ConstraintWeightOverrides.of(weights);
    }

    private static HardMediumSoftScore soft(double microgramsPerUnit) {
        return HardMediumSoftScore.ofSoft(Math.round(microgramsPerUnit));
    }
}
