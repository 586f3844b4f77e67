package io.heliostat.carbon.feed;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one provider is polled. Every key is under {@code heliostat.carbon.<provider>.}, documented with its default in
 * the controller's application.properties; a bad value, or a key the provider does not read, stops the start-up naming the key.
 * Secrets ({@code token}, {@code password}) come from the key itself (or its environment variable, such as
 * {@code HELIOSTAT_CARBON_WATTTIME_PASSWORD}) or from a file named by the key with {@code -file} appended, as a
 * Kubernetes secret is mounted.
 *
 * @param provider          the provider's name in keys, route ids and signal sources, such as {@code electricitymaps}
 * @param enabled           whether the provider is polled at all
 * @param history           whether each zone's history is seeded from the provider's past values (see
 *                          {@link ProviderRoutes}), so that its forecast from history and its daily profile need no day
 *                          of polls
 * @param baseUrl           where its API is
 * @param zones             the fleet's zones it feeds and where it reads them
 * @param period            how often every zone is polled
 * @param maxAge            how long a zone's last good value serves before it is marked stale
 * @param requestsPerSecond the provider's rate limit: no more requests than this, logins and retries included
 * @param concurrency       zones polled at once
 * @param timeout           connect and response timeout of each request
 * @param retries           further tries of a request that failed with 5xx, a timeout or a refused connection
 * @param retryDelay        the pause before the first retry, doubled before each next one
 * @param circuitFailureRate the percentage of failed polls (of the last {@code circuitWindow}) that opens the circuit
 * @param circuitWindow     how many recent polls the failure rate is taken over, and the fewest it is judged on
 * @param circuitOpenFor    how long an open circuit sends nothing before it lets a few polls try again
 * @param options           the provider's own keys (without prefix) and their values
 */
public record ProviderSettings(String provider, boolean enabled, boolean history, URI baseUrl, List<ZoneSubscription> zones,
                               Duration period, Duration maxAge, double requestsPerSecond, int concurrency, Duration timeout,
                               int retries, Duration retryDelay, int circuitFailureRate, int circuitWindow,
                               Duration circuitOpenFor, Map<String, String> options) {

    public static final String PREFIX = "heliostat.carbon.";
    static final String FILE_SUFFIX = "-file";

    /** The keys every provider reads, after its prefix. */
    public static final List<String> COMMON_KEYS = List.of("enabled", "history", "base-url", "zones", "period", "max-age",
            "requests-per-second", "concurrency", "timeout", "retries", "retry-delay", "circuit.failure-rate",
            "circuit.window", "circuit.open-for");

    /** What a provider polls with unless configured otherwise. */
    public record Defaults(URI baseUrl, Duration period, Duration maxAge, double requestsPerSecond) {
    }

    public static final int DEFAULT_CONCURRENCY = 4;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_CIRCUIT_FAILURE_RATE = 50;
    public static final int DEFAULT_CIRCUIT_WINDOW = 20;
    public static final Duration DEFAULT_CIRCUIT_OPEN_FOR = Duration.ofSeconds(60);

    public ProviderSettings {
        Objects.requireNonNull(provider, "provider");
        zones = List.copyOf(zones);
        options = Map.copyOf(options);
        if (enabled && zones.isEmpty()) {
            throw new IllegalArgumentException(key(provider, "zones") + " must name at least one zone when "
                    + key(provider, "enabled") + " is true, such as ES,DE or IE=aws/eu-west-1");
        }
        requireWithin(provider, "period", period, Duration.ofMillis(10), Duration.ofHours(24));
        requireWithin(provider, "max-age", maxAge, Duration.ofSeconds(1), Duration.ofDays(7));
        requireWithin(provider, "timeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(5));
        requireWithin(provider, "retry-delay", retryDelay, Duration.ZERO, Duration.ofMinutes(5));
        requireWithin(provider, "circuit.open-for", circuitOpenFor, Duration.ofMillis(100), Duration.ofHours(1));
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 10_000)) {
            throw new IllegalArgumentException(key(provider, "requests-per-second") + " must be > 0 and <= 10000, was " + requestsPerSecond);
        }
        requireRange(provider, "concurrency", concurrency, 1, 64);
        requireRange(provider, "retries", retries, 0, 10);
        requireRange(provider, "circuit.failure-rate", circuitFailureRate, 1, 100);
        requireRange(provider, "circuit.window", circuitWindow, 1, 1000);
    }

    /**
     * The settings from configured values ({@code properties} holds every key under {@code heliostat.carbon.<provider>.}
     * that is set); absent keys take {@code defaults}. {@code optionKeys} are the provider's own keys, secrets among
     * them; any other key under the prefix is rejected as a typo.
     */
    public static ProviderSettings from(String provider, Defaults defaults, List<String> optionKeys, Map<String, String> properties) {
        String prefix = PREFIX + provider + ".";
        List<String> known = keys(provider, optionKeys);
        for (String key : properties.keySet()) {
            if (key.startsWith(prefix) && !known.contains(key)) {
                throw new IllegalArgumentException("unknown key " + key + "; the " + provider + " feed reads " + prefix
                        + known.stream().map(full -> full.substring(prefix.length())).toList());
            }
        }
        Reader values = new Reader(provider, properties);
        Map<String, String> options = new HashMap<>();
        for (String option : optionKeys) {
            values.secret(option).ifPresent(value -> options.put(option, value));
        }
        return new ProviderSettings(provider,
                values.text("enabled").map(text -> parseBoolean(key(provider, "enabled"), text)).orElse(false),
                values.text("history").map(text -> parseBoolean(key(provider, "history"), text)).orElse(true),
                values.text("base-url").map(text -> parseUrl(provider, text)).orElse(defaults.baseUrl()),
                values.text("zones").map(text -> ZoneSubscription.parseAll(key(provider, "zones"), text)).orElse(List.of()),
                values.duration("period").orElse(defaults.period()),
                values.duration("max-age").orElse(defaults.maxAge()),
                values.number("requests-per-second").orElse(defaults.requestsPerSecond()),
                values.integer("concurrency").orElse(DEFAULT_CONCURRENCY),
                values.duration("timeout").orElse(DEFAULT_TIMEOUT),
                values.integer("retries").orElse(DEFAULT_RETRIES),
                values.duration("retry-delay").orElse(DEFAULT_RETRY_DELAY),
                values.integer("circuit.failure-rate").orElse(DEFAULT_CIRCUIT_FAILURE_RATE),
                values.integer("circuit.window").orElse(DEFAULT_CIRCUIT_WINDOW),
                values.duration("circuit.open-for").orElse(DEFAULT_CIRCUIT_OPEN_FOR),
                options);
    }

    /** Every key a provider with {@code optionKeys} reads: the common ones, and each option with its {@code -file} twin. */
    public static List<String> keys(String provider, List<String> optionKeys) {
        List<String> keys = new ArrayList<>();
        COMMON_KEYS.forEach(option -> keys.add(key(provider, option)));
        optionKeys.forEach(option -> {
            keys.add(key(provider, option));
            keys.add(key(provider, option + FILE_SUFFIX));
        });
        return keys;
    }

    /** The full key of {@code option}, for messages. */
    public String key(String option) {
        return key(provider, option);
    }

    /** A provider option's value, or a failure naming the key (and its {@code -file} twin) when it is not set. */
    public String requireOption(String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key(option) + " (or " + key(option) + FILE_SUFFIX + ") must be set to poll " + provider);
        }
        return value;
    }

    public Optional<String> option(String option) {
        return Optional.ofNullable(options.get(option)).filter(value -> !value.isBlank());
    }

    /** A provider option that is true or false, {@code fallback} when not set; anything else fails naming the key. */
    public boolean flag(String option, boolean fallback) {
        return option(option).map(text -> parseBoolean(key(option), text.trim())).orElse(fallback);
    }

    /**
     * A provider option that is an ISO-8601 duration from {@code min} to {@code max}, {@code fallback} when not set;
     * anything else fails naming the key and what it takes.
     */
    public Duration duration(String option, Duration fallback, Duration min, Duration max) {
        Duration value = option(option).map(text -> parseDuration(key(option), text.trim())).orElse(fallback);
        requireWithin(provider, option, value, min, max);
        return value;
    }

    static String key(String provider, String option) {
        return PREFIX + provider + "." + option;
    }

    private record Reader(String provider, Map<String, String> properties) {

        Optional<String> text(String option) {
            return Optional.ofNullable(properties.get(key(provider, option))).map(String::trim).filter(value -> !value.isEmpty());
        }

        Optional<String> secret(String option) {
            Optional<String> file = text(option + FILE_SUFFIX);
            if (file.isEmpty()) {
                return text(option);
            }
            Path path = Path.of(file.get());
            try {
                return Optional.of(Files.readString(path).trim());
            } catch (IOException e) {
                throw new IllegalArgumentException(key(provider, option + FILE_SUFFIX) + " must name a readable file, was '"
                        + path.toAbsolutePath() + "' (" + e + ")", e);
            }
        }

        Optional<Duration> duration(String option) {
            return text(option).map(text -> parseDuration(key(provider, option), text));
        }

        Optional<Integer> integer(String option) {
            return text(option).map(text -> {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key(provider, option) + " must be a whole number, was '" + text + "'");
                }
            });
        }

        Optional<Double> number(String option) {
            return text(option).map(text -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key(provider, option) + " must be a number, was '" + text + "'");
                }
            });
        }
    }

    private static boolean parseBoolean(String key, String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
        };
    }

    private static Duration parseDuration(String key, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT5M, was '" + text + "'");
        }
    }

    private static URI parseUrl(String provider, String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key(provider, "base-url") + " must be an http(s) URL such as https://api.example.org/v3, was '"
                    + text + "'");
        }
    }

    private static void requireWithin(String provider, String option, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key(provider, option));
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key(provider, option) + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requireRange(String provider, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key(provider, option) + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
