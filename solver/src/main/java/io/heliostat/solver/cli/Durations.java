package io.heliostat.solver.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them: {@code 30s}, {@code 2m}, {@code 500ms}, or plain seconds. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration duration;
            if (t.endsWith("ms")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 2))));
            } else if (t.endsWith("s")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            } else {
                duration = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a duration must be positive, was '" + text + "'");
            }
            return duration;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'; use for example 30s, 2m or 500ms");
        }
    }
}
