package io.heliostat.solver.constraints;

import static io.heliostat.solver.constraints.PlacementConstraints.ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.HEADROOM;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.IDLE_ENERGY;
import static io.heliostat.solver.constraints.PlacementConstraints.LATENCY;
import static io.heliostat.solver.constraints.PlacementConstraints.MIGRATION;
import static io.heliostat.solver.constraints.PlacementConstraints.OPERATIONAL_CARBON;
import static io.heliostat.solver.constraints.PlacementConstraints.PREFER_NO_SCHEDULE;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Workload;

/**
 * Prices the soft costs. The soft score is in micrograms of CO2e-equivalent, at the prices of two kinds of policy:
 *
 * <ul>
 * <li>A cost one replica owns is priced by its workload's policy (its own, or the plan's): the match weight is
 *     already in µg, so that workloads under different policies share a plan, a workload may price what the plan's
 *     policy leaves free and the other way round. The constraint's weight is 1 soft, or 0 (off, as Timefold then
 *     skips it) when no policy in the plan prices it.</li>
 * <li>A cost of a node that no one workload owns (its idle draw while it is on, its CPU over the headroom target)
 *     is priced by the plan's policy: it matches in its own unit and its weight converts that unit to µg.</li>
 * </ul>
 *
 * <table>
 * <tr><th>constraint</th><th>priced by</th><th>unit</th><th>µg per unit</th></tr>
 * <tr><td>operational carbon</td><td>workload</td><td>mg CO2e</td><td>1000 × carbon</td></tr>
 * <tr><td>energy</td><td>workload</td><td>mWh</td><td>energyGramsPerKwh (1 g/kWh = 1 µg/mWh)</td></tr>
 * <tr><td>latency</td><td>workload</td><td>ms of RTT per replica</td><td>10^6 × latencyGramsPerMs</td></tr>
 * <tr><td>migration</td><td>workload</td><td>moves</td><td>10^6 × migrationGramsPerMove</td></tr>
 * <tr><td>PreferNoSchedule taint</td><td>workload</td><td>replicas</td><td>10^6 × preferNoScheduleGrams</td></tr>
 * <tr><td>idle carbon</td><td>plan</td><td>mg CO2e</td><td>1000 × carbon</td></tr>
 * <tr><td>idle energy</td><td>plan</td><td>mWh</td><td>energyGramsPerKwh</td></tr>
 * <tr><td>headroom</td><td>plan</td><td>millicore-slots over target</td><td>1000 × slotHours × headroomGramsPerCoreHour</td></tr>
 * </table>
 *
 * <p>Every price is rounded to whole µg per unit, as the weights always were: a plan without workload policies
 * scores exactly as when its policy priced every constraint.
 */
public final class ConstraintWeights {

    /** Soft score points per gram of CO2e-equivalent. */
    public static final long MICROGRAMS_PER_GRAM = 1_000_000;

    /** The costs each replica owns, with their price under a policy in µg per unit. */
    private static final Map<String, ToLongFunction<PlacementPolicy>> REPLICA_PRICES = replicaPrices();

    private ConstraintWeights() {
    }

    private static Map<String, ToLongFunction<PlacementPolicy>> replicaPrices() {
        Map<String, ToLongFunction<PlacementPolicy>> prices = new LinkedHashMap<>();
        prices.put(OPERATIONAL_CARBON, ConstraintWeights::carbonPerMilligram);
        prices.put(ENERGY, ConstraintWeights::energyPerMilliwattHour);
        prices.put(LATENCY, ConstraintWeights::latencyPerMs);
        prices.put(MIGRATION, ConstraintWeights::migrationPerMove);
        prices.put(PREFER_NO_SCHEDULE, ConstraintWeights::preferNoSchedulePerReplica);
        return Map.copyOf(prices);
    }

    /** µg per mg of carbon, operational or idle. */
    public static long carbonPerMilligram(PlacementPolicy policy) {
        return microgramsPerUnit(1000.0 * policy.carbon());
    }

    /** µg per mWh of energy, incremental or idle. */
    public static long energyPerMilliwattHour(PlacementPolicy policy) {
        return microgramsPerUnit(policy.energyGramsPerKwh());
    }

    /** µg per ms of RTT a replica's users see. */
    public static long latencyPerMs(PlacementPolicy policy) {
        return microgramsPerUnit(MICROGRAMS_PER_GRAM * policy.latencyGramsPerMs());
    }

    /** µg per replica moved off its current node. */
    public static long migrationPerMove(PlacementPolicy policy) {
        return microgramsPerUnit(MICROGRAMS_PER_GRAM * policy.migrationGramsPerMove());
    }

    /** µg per replica on a node whose PreferNoSchedule taints it does not tolerate. */
    public static long preferNoSchedulePerReplica(PlacementPolicy policy) {
        return microgramsPerUnit(MICROGRAMS_PER_GRAM * policy.preferNoScheduleGrams());
    }

    /** µg per millicore requested above a node's headroom target in one slot. */
    public static long headroomPerMillicoreSlot(PlacementPolicy policy, Horizon horizon) {
        return microgramsPerUnit(1000.0 * horizon.slotHours() * policy.headroomGramsPerCoreHour());
    }

    /** The weights of a plan without workload policies: {@link #overrides(PlacementPolicy, Horizon, Collection)}. */
    public static ConstraintWeightOverrides<HardMediumSoftScore> overrides(PlacementPolicy policy, Horizon horizon) {
        return overrides(policy, horizon, List.of());
    }

    /**
     * The weights of a plan with these workloads: a per-replica constraint is on when the plan's policy or a
     * workload's own prices it.
     */
    public static ConstraintWeightOverrides<HardMediumSoftScore> overrides(PlacementPolicy policy, Horizon horizon,
                                                                         Collection<Workload> workloads) {
        List<PlacementPolicy> workloadPolicies = workloads.stream().flatMap(workload -> workload.policy().stream()).toList();
        return weights(policy, horizon, price -> price.applyAsLong(policy) > 0
                || workloadPolicies.stream().anyMatch(own -> price.applyAsLong(own) > 0));
    }

    /**
     * The weights of a plan that workloads under any policy may join after it is scored, such as the advisor's live
     * plan: every per-replica constraint is on. A constraint that no replica's policy prices has no match, so the
     * score is the same as under {@link #overrides(PlacementPolicy, Horizon, Collection)}.
     */
    public static ConstraintWeightOverrides<HardMediumSoftScore> overridesForAnyWorkload(PlacementPolicy policy, Horizon horizon) {
        return weights(policy, horizon, price -> true);
    }

    private static ConstraintWeightOverrides<HardMediumSoftScore> weights(PlacementPolicy policy, Horizon horizon,
                                                                        Predicate<ToLongFunction<PlacementPolicy>> priced) {
        Map<String, HardMediumSoftScore> weights = new LinkedHashMap<>();
        for (String constraint : PlacementConstraints.SOFT) {
            ToLongFunction<PlacementPolicy> price = REPLICA_PRICES.get(constraint);
            if (price != null) {
                weights.put(constraint, priced.test(price) ? HardMediumSoftScore.ONE_SOFT : HardMediumSoftScore.ZERO);
            }
        }
        weights.put(IDLE_CARBON, HardMediumSoftScore.ofSoft(carbonPerMilligram(policy)));
        weights.put(IDLE_ENERGY, HardMediumSoftScore.ofSoft(energyPerMilliwattHour(policy)));
        weights.put(HEADROOM, HardMediumSoftScore.ofSoft(headroomPerMillicoreSlot(policy, horizon)));
        return ConstraintWeightOverrides.of(weights);
    }

    private static long microgramsPerUnit(double microgramsPerUnit) {
        return Math.round(microgramsPerUnit);
    }
}
