package io.heliostat.solver.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementPolicyTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        PlacementPolicy policy = PlacementPolicy.ofDefaults();

        assertThat(policy.carbon()).isEqualTo(PlacementPolicy.DEFAULT_CARBON);
        assertThat(policy.energyGramsPerKwh()).isEqualTo(PlacementPolicy.DEFAULT_ENERGY_GRAMS_PER_KWH);
        assertThat(policy.latencyGramsPerMs()).isEqualTo(PlacementPolicy.DEFAULT_LATENCY_GRAMS_PER_MS);
        assertThat(policy.migrationGramsPerMove()).isEqualTo(PlacementPolicy.DEFAULT_MIGRATION_GRAMS_PER_MOVE);
        assertThat(policy.headroomTarget()).isEqualTo(PlacementPolicy.DEFAULT_HEADROOM_TARGET);
        assertThat(policy.headroomGramsPerCoreHour()).isEqualTo(PlacementPolicy.DEFAULT_HEADROOM_GRAMS_PER_CORE_HOUR);
        assertThat(policy.preferNoScheduleGrams()).isEqualTo(PlacementPolicy.DEFAULT_PREFER_NO_SCHEDULE_GRAMS);
        assertThat(policy.migrationMode()).isEqualTo(PlacementPolicy.DEFAULT_MIGRATION_MODE);
        assertThat(policy.sandboxSecurityWeight()).isEqualTo(PlacementPolicy.DEFAULT_SANDBOX_SECURITY_WEIGHT);
        assertThat(policy.sandboxPerformanceWeight()).isEqualTo(PlacementPolicy.DEFAULT_SANDBOX_PERFORMANCE_WEIGHT);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("carbon", -1.0),
                arguments("carbon", Double.NaN),
                arguments("energyGramsPerKwh", -0.1),
                arguments("latencyGramsPerMs", Double.POSITIVE_INFINITY),
                arguments("migrationGramsPerMove", -10.0),
                arguments("headroomTarget", 0.0),
                arguments("headroomTarget", 1.01),
                arguments("headroomTarget", Double.NaN),
                arguments("headroomGramsPerCoreHour", -2.0),
                arguments("preferNoScheduleGrams", Double.NaN),
                arguments("sandboxSecurityWeight", -0.5),
                arguments("sandboxPerformanceWeight", Double.NEGATIVE_INFINITY));
    }

    @ParameterizedTest(name = "{0} = {1} is rejected with a message naming {0}")
    @MethodSource("badValues")
    void rejectsABadValueNamingTheField(String field, double value) {
        assertThatThrownBy(() -> defaultsWith(field, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " must be")
                .hasMessageContaining(String.valueOf(value));
    }

    @Test
    void rejectsAMissingMigrationMode() {
        assertThatThrownBy(() -> defaultsWith("migrationMode", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("migrationMode");
    }

    @Test
    void acceptsTheEdgesOfTheAllowedRanges() {
        assertThat(defaultsWith("headroomTarget", 1.0).headroomTarget()).isEqualTo(1.0);
        assertThat(defaultsWith("carbon", 0.0).carbon()).isZero();
        assertThat(defaultsWith("migrationGramsPerMove", 0.0).migrationGramsPerMove()).isZero();
    }

    /** The default policy with one component replaced, through the canonical constructor. */
    private static PlacementPolicy defaultsWith(String component, Object value) {
        PlacementPolicy defaults = PlacementPolicy.ofDefaults();
        RecordComponent[] components = PlacementPolicy.class.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                args[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (Arrays.stream(components).noneMatch(c -> c.getName().equals(component))) {
            throw new IllegalArgumentException("PlacementPolicy has no component " + component);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return PlacementPolicy.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
