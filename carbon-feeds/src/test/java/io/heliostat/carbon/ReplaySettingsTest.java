package io.heliostat.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.heliostat.solver.trace.BundledTrace;

class ReplaySettingsTest {

    @Test
    void noReplayKeysGiveTheDefaults() {
        assertThat(ReplaySettings.fromProperties(Map.of("camel.main.name", "heliostat"))).isEqualTo(ReplaySettings.ofDefaults());
    }

    @Test
    void theDefaultsReplayTheAverageTracesFromMidsummerInRealTime() {
        ReplaySettings defaults = ReplaySettings.ofDefaults();

        assertThat(defaults.traces()).extracting(TraceSource::name).containsExactly("em-US-CAL-CISO-2022-hourly.csv",
                "em-ES-2022-hourly.csv", "em-NO-2022-hourly.csv", "em-BR-2022-hourly.csv", "em-DE-2021H1-hourly.csv");
        assertThat(defaults.start()).isEqualTo(Instant.parse("2022-06-15T00:00:00Z"));
        assertThat(defaults.speed()).isEqualTo(1);
        assertThat(defaults.forecastHorizon()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.period()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void carbonReplayPropertiesDocumentsEveryKeyWithItsDefault() throws IOException {
        Properties file = new Properties();
        try (InputStream in = ReplaySettings.class.getClassLoader().getResourceAsStream("carbon-replay.properties")) {
            file.load(in);
        }
        Map<String, String> values = file.stringPropertyNames().stream().collect(Collectors.toMap(key -> key, file::getProperty));

        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(ReplaySettings.KEYS);
        assertThat(ReplaySettings.fromProperties(values)).isEqualTo(ReplaySettings.ofDefaults());
    }

    @Test
    void readsEveryKey(@TempDir Path folder) throws IOException {
        Path trace = Files.writeString(folder.resolve("mine.csv"), "oootime,Mine\n2023-06-08 00:00:00,1\n2023-06-08 00:05:00,2\n");

        ReplaySettings settings = ReplaySettings.fromProperties(Map.of(
                ReplaySettings.TRACES_KEY, " NO_2022 , " + trace + ",",
                ReplaySettings.START_KEY, "2022-01-01T06:00:00Z",
                ReplaySettings.SPEED_KEY, "60",
                ReplaySettings.FORECAST_HORIZON_KEY, "PT6H",
                ReplaySettings.PERIOD_KEY, "PT0.5S"));

        assertThat(settings.traces()).containsExactly(new TraceSource.Bundled(BundledTrace.NO_2022), new TraceSource.File(trace));
        assertThat(settings.start()).isEqualTo(Instant.parse("2022-01-01T06:00:00Z"));
        assertThat(settings.speed()).isEqualTo(60);
        assertThat(settings.forecastHorizon()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.period()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theRangesIncludeTheirBounds() {
        ReplaySettings lowest = ReplaySettings.fromProperties(Map.of(ReplaySettings.SPEED_KEY, "0.001",
                ReplaySettings.FORECAST_HORIZON_KEY, "PT0S", ReplaySettings.PERIOD_KEY, "PT0.01S"));
        ReplaySettings highest = ReplaySettings.fromProperties(Map.of(ReplaySettings.SPEED_KEY, "100000",
                ReplaySettings.FORECAST_HORIZON_KEY, "PT72H", ReplaySettings.PERIOD_KEY, "PT1H"));

        assertThat(lowest.forecastHorizon()).isZero();
        assertThat(lowest.period()).isEqualTo(ReplaySettings.MIN_PERIOD);
        assertThat(highest.speed()).isEqualTo(ReplaySettings.MAX_SPEED);
        assertThat(highest.forecastHorizon()).isEqualTo(ReplaySettings.MAX_FORECAST_HORIZON);
        assertThat(highest.period()).isEqualTo(ReplaySettings.MAX_PERIOD);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("a speed of zero is rejected with its range",
                        ReplaySettings.SPEED_KEY, "0", "heliostat.carbon.replay.speed must be > 0 and <= 100000, was 0.0"),
                Arguments.of("a speed above 100000 is rejected with its range",
                        ReplaySettings.SPEED_KEY, "100001", "heliostat.carbon.replay.speed must be > 0 and <= 100000, was 100001.0"),
                Arguments.of("a speed that is not a number is rejected",
                        ReplaySettings.SPEED_KEY, "fast", "heliostat.carbon.replay.speed must be a number > 0 and <= 100000"),
                Arguments.of("a speed of NaN is rejected",
                        ReplaySettings.SPEED_KEY, "NaN", "heliostat.carbon.replay.speed must be > 0"),
                Arguments.of("an unknown trace name lists the bundled traces",
                        ReplaySettings.TRACES_KEY, "ES_2022,FR_2022", "heliostat.carbon.replay.traces: 'FR_2022' is neither a bundled trace "
                                + "(US_CAL_CISO_2022, ES_2022, NO_2022, BR_2022, DE_2021H1, CAISO_NORTH_2023_06_MOER) nor an existing file"),
                Arguments.of("an empty trace list is rejected",
                        ReplaySettings.TRACES_KEY, " , ", "heliostat.carbon.replay.traces must name at least one trace"),
                Arguments.of("a start that is not an instant is rejected with an example",
                        ReplaySettings.START_KEY, "2022-06-15", "heliostat.carbon.replay.start must be an ISO-8601 instant such as 2022-06-15T00:00:00Z"),
                Arguments.of("a forecast horizon beyond 72 hours is rejected with its range",
                        ReplaySettings.FORECAST_HORIZON_KEY, "PT73H", "heliostat.carbon.replay.forecast-horizon must be between PT0S and PT72H, was PT73H"),
                Arguments.of("a negative forecast horizon is rejected",
                        ReplaySettings.FORECAST_HORIZON_KEY, "PT-1H", "heliostat.carbon.replay.forecast-horizon must be between PT0S and PT72H"),
                Arguments.of("a forecast horizon in hours without ISO-8601 is rejected with an example",
                        ReplaySettings.FORECAST_HORIZON_KEY, "24", "heliostat.carbon.replay.forecast-horizon must be an ISO-8601 duration such as PT24H"),
                Arguments.of("a period of zero is rejected with its range",
                        ReplaySettings.PERIOD_KEY, "PT0S", "heliostat.carbon.replay.period must be between PT0.01S and PT1H, was PT0S"),
                Arguments.of("a period over an hour is rejected with its range",
                        ReplaySettings.PERIOD_KEY, "PT2H", "heliostat.carbon.replay.period must be between PT0.01S and PT1H, was PT2H"),
                Arguments.of("a misspelt key under the prefix is rejected naming the keys",
                        "heliostat.carbon.replay.sped", "60", "unknown key heliostat.carbon.replay.sped; the carbon replay reads ["
                                + String.join(", ", ReplaySettings.KEYS) + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsAreRejectedNamingTheKey(String behaviour, String key, String value, String message) {
        assertThatThrownBy(() -> ReplaySettings.fromProperties(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void theConstructorNamesTheKeyToo() {
        assertThatThrownBy(() -> new ReplaySettings(List.of(), ReplaySettings.DEFAULT_START, 1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining(ReplaySettings.TRACES_KEY);
        assertThatThrownBy(() -> new ReplaySettings(ReplaySettings.DEFAULT_TRACES, null, 1, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage(ReplaySettings.START_KEY);
    }
}
