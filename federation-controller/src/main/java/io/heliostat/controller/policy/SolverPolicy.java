package io.heliostat.controller.policy;

import io.heliostat.api.policy.ObjectiveWeights;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.SignalKind;

/** The one place where a policy's spec becomes the solver's terms. For valid specs only. */
public final class SolverPolicy {

    private SolverPolicy() {
    }

    /** The weights, with the migration mode, that price the soft costs. */
    public static PlacementPolicy weights(PlacementPolicySpec spec) {
        ObjectiveWeights weights = spec.weights();
        return new PlacementPolicy(weights.carbon(), weights.energyGramsPerKwh(), weights.latencyGramsPerMs(),
                weights.migrationGramsPerMove(), weights.headroomTarget(), weights.headroomGramsPerCoreHour(),
                weights.preferNoScheduleGrams(), migrationMode(spec.migrationMode()), weights.sandboxSecurityWeight(),
                weights.sandboxPerformanceWeight());
    }

    /** Which intensity the policy minimises. */
    public static SignalKind signalKind(PlacementPolicySpec spec) {
        return switch (spec.signalKind()) {
            case "average" -> SignalKind.AVERAGE;
            case "marginal" -> SignalKind.MARGINAL;
            default -> throw new IllegalArgumentException("signalKind must be average or marginal, was " + spec.signalKind());
        };
    }

    private static MigrationMode migrationMode(String mode) {
        return switch (mode) {
            case "penalise" -> MigrationMode.PENALISE;
            case "pin" -> MigrationMode.PIN;
            default -> throw new IllegalArgumentException("migrationMode must be penalise or pin, was " + mode);
        };
    }
}
