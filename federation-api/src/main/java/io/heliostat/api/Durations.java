package io.heliostat.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations in documents are ISO-8601 text, not {@link Duration}: in a custom resource, a value the Kubernetes client
 * cannot bind never reaches the controller, so nothing could report it, while a bad string reaches validation and is
 * reported with its field like every other mistake.
 */
public final class Durations {

    /** The time part of {@link #ISO_PATTERN}: T and at least one of hours, minutes and seconds. */
    private static final String TIME = "T((\\d+H)(\\d+M)?(\\d+(\\.\\d+)?S)?|(\\d+M)(\\d+(\\.\\d+)?S)?|\\d+(\\.\\d+)?S)";
    /**
     * What {@link Duration#parse} reads, days to seconds, with at least one of them, for schema annotations; in RE2,
     * which the API server uses, so without look-ahead.
     */
    public static final String ISO_PATTERN = "^P((\\d+D)(" + TIME + ")?|" + TIME + ")$";

    private Durations() {
    }

    /** Rejects a value that is not an ISO-8601 duration between {@code min} and {@code max}. */
    public static void within(Validator validator, String field, String value, Duration min, Duration max) {
        if (!validator.required(field, value)) {
            return;
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value);
        } catch (DateTimeParseException e) {
            validator.reject(field, "must be an ISO-8601 duration such as PT30S, PT5M or PT1H, was '" + value + "'");
            return;
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            validator.reject(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }
}
