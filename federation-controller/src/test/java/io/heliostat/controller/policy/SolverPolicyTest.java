package io.heliostat.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.heliostat.api.policy.ObjectiveWeights;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.SignalKind;

class SolverPolicyTest {

    @Test
    void theSpecsDocumentedDefaultsAreTheSolversDefaults() {
        PlacementPolicySpec defaults = PlacementPolicySpec.ofDefaults();

        assertThat(SolverPolicy.weights(defaults)).isEqualTo(PlacementPolicy.ofDefaults());
        assertThat(SolverPolicy.signalKind(defaults)).isEqualTo(SignalKind.AVERAGE);
    }

    @Test
    void eachWeightReachesTheSolverFieldOfTheSameName() {
        // Nine different values, so that two weights passed in each other's place cannot go unnoticed.
        PlacementPolicySpec spec = new PlacementPolicySpec(new ObjectiveWeights(1.5, 2.5, 3.5, 4.5, 0.5, 6.5, 7.5, 8.5, 9.5),
                "marginal", null, null, null, "pin", null, null, null);

        assertThat(SolverPolicy.weights(spec)).isEqualTo(
                new PlacementPolicy(1.5, 2.5, 3.5, 4.5, 0.5, 6.5, 7.5, MigrationMode.PIN, 8.5, 9.5));
        assertThat(SolverPolicy.signalKind(spec)).isEqualTo(SignalKind.MARGINAL);
    }
}
