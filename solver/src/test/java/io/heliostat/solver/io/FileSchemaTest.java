package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.PlacementPolicy;

/** The schemas document the model's defaults and limits; these keep the two from drifting apart. */
class FileSchemaTest {

    private static JsonNode problemDef(String name) {
        return FileSchema.PROBLEM.schemaNode().path("$defs").path(name);
    }

    @Test
    void thePolicyDefaultsInTheSchemaAreThoseOfPlacementPolicy() {
        JsonNode policy = problemDef("policy").path("properties");
        PlacementPolicy defaults = PlacementPolicy.ofDefaults();

        assertThat(policy.path("carbon").path("default").asDouble()).isEqualTo(defaults.carbon());
        assertThat(policy.path("energyGramsPerKwh").path("default").asDouble()).isEqualTo(defaults.energyGramsPerKwh());
        assertThat(policy.path("latencyGramsPerMs").path("default").asDouble()).isEqualTo(defaults.latencyGramsPerMs());
        assertThat(policy.path("migrationGramsPerMove").path("default").asDouble()).isEqualTo(defaults.migrationGramsPerMove());
        assertThat(policy.path("headroomTarget").path("default").asDouble()).isEqualTo(defaults.headroomTarget());
        assertThat(policy.path("headroomGramsPerCoreHour").path("default").asDouble()).isEqualTo(defaults.headroomGramsPerCoreHour());
        assertThat(policy.path("preferNoScheduleGrams").path("default").asDouble()).isEqualTo(defaults.preferNoScheduleGrams());
        assertThat(policy.path("migrationMode").path("default").asText()).isEqualTo(Vocabulary.migrationMode(defaults.migrationMode()));
        assertThat(policy.path("sandboxSecurityWeight").path("default").asDouble()).isEqualTo(defaults.sandboxSecurityWeight());
        assertThat(policy.path("sandboxPerformanceWeight").path("default").asDouble()).isEqualTo(defaults.sandboxPerformanceWeight());
    }

    @Test
    void theHorizonDefaultsAndLimitsAreThoseOfHorizon() {
        JsonNode horizon = problemDef("horizon").path("properties");

        assertThat(horizon.path("slotMinutes").path("default").asLong()).isEqualTo(Horizon.DEFAULT_SLOT_LENGTH.toMinutes());
        assertThat(horizon.path("slots").path("default").asInt()).isEqualTo(Horizon.DEFAULT_SLOTS);
        assertThat(horizon.path("slots").path("maximum").asInt()).isEqualTo(Horizon.MAX_SLOTS);
        assertThat(problemDef("slot").path("maximum").asInt()).isEqualTo(Horizon.MAX_SLOTS);
        assertThat(FileSchema.PLAN.schemaNode().at("/properties/horizon/properties/slots/maximum").asInt()).isEqualTo(Horizon.MAX_SLOTS);
    }

    @Test
    void theAccessTimeDefaultIsTheReaders() {
        assertThat(problemDef("userLocation").at("/properties/accessMs/default").asInt()).isEqualTo(ProblemBinder.DEFAULT_ACCESS_MS);
    }

    @Test
    void theQuantityPatternIsTheParsers() {
        assertThat(problemDef("cpuQuantity").path("pattern").asText()).isEqualTo(Quantities.QUANTITY.pattern().replace("?:", ""));
        assertThat(problemDef("byteQuantity").path("pattern").asText()).isEqualTo(problemDef("cpuQuantity").path("pattern").asText());
    }
}
