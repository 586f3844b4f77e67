package io.heliostat.carbon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.heliostat.solver.trace.BundledTrace;

/**
 * What the recorded-trace replay plays and how fast. Every setting has a key under {@value #PREFIX};
 * carbon-replay.properties in this module documents each with its default, for the controller's
 * application.properties to copy. Bad values are rejected when the settings are made, with the key and
 * the allowed range in the message, so that a typo stops the controller at start-up instead of
 * replaying something else.
 *
 * @param traces the traces to replay, one zone each; {@value #TRACES_KEY}
 * @param start the replay instant at the moment the replay starts; {@value #START_KEY}
 * @param speed replay seconds per wall second, {@code > 0} and {@code <= 100000}; {@value #SPEED_KEY}
 * @param forecastHorizon how far past the current interval the served forecast reaches, 0 to
 *        {@link #MAX_FORECAST_HORIZON}; {@value #FORECAST_HORIZON_KEY}
 * @param period how often, in wall time, the replay delivers every zone's signals, {@link #MIN_PERIOD} to
 *        {@link #MAX_PERIOD}; {@value #PERIOD_KEY}
 */
public record ReplaySettings(List<TraceSource> traces, Instant start, double speed, Duration forecastHorizon,
                             Duration period) {

    public static final String PREFIX = "heliostat.carbon.replay.";
    public static final String TRACES_KEY = PREFIX + "traces";
    public static final String START_KEY = PREFIX + "start";
    public static final String SPEED_KEY = PREFIX + "speed";
    public static final String FORECAST_HORIZON_KEY = PREFIX + "forecast-horizon";
    public static final String PERIOD_KEY = PREFIX + "period";
    /** Whether the replay runs at all: false where live providers serve every zone. Read by {@link TraceReplayRoutes}. */
    public static final String ENABLED_KEY = PREFIX + "enabled";
    /** Every key the replay reads; any other key under {@value #PREFIX} is rejected as a typo. */
    public static final List<String> KEYS = List.of(ENABLED_KEY, TRACES_KEY, START_KEY, SPEED_KEY, FORECAST_HORIZON_KEY, PERIOD_KEY);

    /** The Electricity Maps traces: all average signals, so that the planner may compare every zone with every other. */
    public static final List<TraceSource> DEFAULT_TRACES = List.of(
            new TraceSource.Bundled(BundledTrace.US_CAL_CISO_2022),
            new TraceSource.Bundled(BundledTrace.ES_2022),
            new TraceSource.Bundled(BundledTrace.NO_2022),
            new TraceSource.Bundled(BundledTrace.BR_2022),
            new TraceSource.Bundled(BundledTrace.DE_2021H1));
    /** Midsummer, when the solar dips of California and Spain are deepest and the zones differ most. */
    public static final Instant DEFAULT_START = Instant.parse("2022-06-15T00:00:00Z");
    public static final double DEFAULT_SPEED = 1;
    public static final double MAX_SPEED = 100_000;
    public static final Duration DEFAULT_FORECAST_HORIZON = Duration.ofHours(24);
    /** The longest forecast any provider serves (WattTime's limit): the replay promises no more than live feeds can. */
    public static final Duration MAX_FORECAST_HORIZON = Duration.ofHours(72);
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
    public static final Duration MIN_PERIOD = Duration.ofMillis(10);
    public static final Duration MAX_PERIOD = Duration.ofHours(1);

    public ReplaySettings {
        Objects.requireNonNull(traces, TRACES_KEY);
        traces = List.copyOf(traces);
        Objects.requireNonNull(start, START_KEY);
        if (traces.isEmpty()) {
            throw new IllegalArgumentException(TRACES_KEY + " must name at least one trace; bundled: " + bundledNames());
        }
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException(SPEED_KEY + " must be > 0 and <= " + (long) MAX_SPEED + ", was " + speed);
        }
        requireWithin(FORECAST_HORIZON_KEY, forecastHorizon, Duration.ZERO, MAX_FORECAST_HORIZON);
        requireWithin(PERIOD_KEY, period, MIN_PERIOD, MAX_PERIOD);
    }

    public static ReplaySettings ofDefaults() {
        return new ReplaySettings(DEFAULT_TRACES, DEFAULT_START, DEFAULT_SPEED, DEFAULT_FORECAST_HORIZON, DEFAULT_PERIOD);
    }

    /**
     * The settings from property values as configured: keys under {@value #PREFIX} that are absent take
     * their defaults, other keys are ignored. Fails naming the key on a value that does not parse, is out
     * of range, or a key under {@value #PREFIX} that the replay does not know.
     */
    public static ReplaySettings fromProperties(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key " + key + "; the carbon replay reads " + KEYS);
            }
        }
        return new ReplaySettings(
                value(properties, TRACES_KEY).map(ReplaySettings::parseTraces).orElse(DEFAULT_TRACES),
                value(properties, START_KEY).map(ReplaySettings::parseStart).orElse(DEFAULT_START),
                value(properties, SPEED_KEY).map(ReplaySettings::parseSpeed).orElse(DEFAULT_SPEED),
                value(properties, FORECAST_HORIZON_KEY).map(text -> parseDuration(FORECAST_HORIZON_KEY, text))
                        .orElse(DEFAULT_FORECAST_HORIZON),
                value(properties, PERIOD_KEY).map(text -> parseDuration(PERIOD_KEY, text)).orElse(DEFAULT_PERIOD));
    }

    private static Optional<String> value(Map<String, String> properties, String key) {
        return Optional.ofNullable(properties.get(key)).map(String::trim);
    }

    /** A comma-separated list of bundled trace names ({@code ES_2022}) and CSV file paths. */
    private static List<TraceSource> parseTraces(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(ReplaySettings::parseTrace)
                .toList();
    }

    private static TraceSource parseTrace(String entry) {
        for (BundledTrace bundled : BundledTrace.values()) {
            if (bundled.name().equals(entry)) {
                return new TraceSource.Bundled(bundled);
            }
        }
        Path path = Path.of(entry);
        if (Files.isRegularFile(path)) {
            return new TraceSource.File(path);
        }
        throw new IllegalArgumentException(TRACES_KEY + ": '" + entry + "' is neither a bundled trace (" + bundledNames()
                + ") nor an existing file (" + path.toAbsolutePath() + ")");
    }

    private static Instant parseStart(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(START_KEY + " must be an ISO-8601 instant such as " + DEFAULT_START + ", was '" + text + "'");
        }
    }

    private static double parseSpeed(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SPEED_KEY + " must be a number > 0 and <= " + (long) MAX_SPEED
                    + " such as 60 (one trace hour per wall minute), was '" + text + "'");
        }
    }

    private static Duration parseDuration(String key, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT24H or PT10S, was '" + text + "'");
        }
    }

    private static void requireWithin(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static String bundledNames() {
        return Arrays.stream(BundledTrace.values()).map(BundledTrace::name).collect(Collectors.joining(", "));
    }
}
