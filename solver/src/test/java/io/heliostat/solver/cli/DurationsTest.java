package io.heliostat.solver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as people type them on the command line. */
class DurationsTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("30s", Duration.ofSeconds(30)),
                arguments("2m", Duration.ofMinutes(2)),
                arguments("500ms", Duration.ofMillis(500)),
                arguments("1.5s", Duration.ofMillis(1500)),
                arguments("0.5m", Duration.ofSeconds(30)),
                arguments("45", Duration.ofSeconds(45)),      // plain seconds
                arguments("2.25", Duration.ofMillis(2250)),
                arguments(" 10S ", Duration.ofSeconds(10)));  // case and surrounding blanks do not matter
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("accepted")
    void acceptsWhatPeopleType(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is not a duration")
    @ValueSource(strings = {"soon", "", "s", "ms", "ten seconds", "1h", "5 minutes", "NaN", "Infinity"})
    void rejectsJunkSayingWhatToType(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: '" + text + "'; use for example 30s, 2m or 500ms");
    }

    @ParameterizedTest(name = "\"{0}\" is not positive")
    @ValueSource(strings = {"0", "0s", "0ms", "-1s", "-2m", "-500ms", "0.0001s"}) // 0.1 ms rounds to 0 ms
    void rejectsDurationsThatAreNotPositive(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a duration must be positive, was '" + text + "'");
    }
}
