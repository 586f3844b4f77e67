package io.heliostat.api.policy;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

import io.heliostat.api.Durations;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * When the background solve re-optimises the fleet's placement, and how much it may change at once.
 *
 * <p>The interval is text, not a {@link Duration}, for the reason {@link Durations} gives.
 *
 * @param interval              how often to re-optimise, as an ISO-8601 duration such as PT30S, PT5M or PT1H;
 *                              default PT5M, at least PT10S, at most P1D
 * @param carbonChangeThreshold re-optimise before the interval is up when a zone's intensity changes by more than
 *                              this fraction of its value at the last solve; default 0.15, more than 0, at most 10
 * @param maxMovesPerCluster    the most replicas one round may move off their nodes in each member cluster, to
 *                              bound churn; default 20, at least 1 (to move none, set the policy's migrationMode
 *                              to pin)
 */
public record ReoptimisationSpec(@Pattern(Durations.ISO_PATTERN) String interval,
                                 @Min(value = 0, inclusive = false) @Max(MAX_CARBON_CHANGE_THRESHOLD) Double carbonChangeThreshold,
                                 @Min(1) Integer maxMovesPerCluster) implements Validated {

    public static final String DEFAULT_INTERVAL = "PT5M";
    /** Keeps a slip such as PT1S for PT1M from re-solving the fleet without pause. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** Grid intensity follows the day; a fleet left longer than that misses its cleanest hours. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(1);
    public static final double DEFAULT_CARBON_CHANGE_THRESHOLD = 0.15;
    /** A change of more than tenfold would never come; 15 meant as 15 % is the likely slip. */
    public static final double MAX_CARBON_CHANGE_THRESHOLD = 10;
    public static final int DEFAULT_MAX_MOVES_PER_CLUSTER = 20;

    public ReoptimisationSpec {
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        carbonChangeThreshold = carbonChangeThreshold == null ? DEFAULT_CARBON_CHANGE_THRESHOLD : carbonChangeThreshold;
        maxMovesPerCluster = maxMovesPerCluster == null ? DEFAULT_MAX_MOVES_PER_CLUSTER : maxMovesPerCluster;
    }

    public static ReoptimisationSpec ofDefaults() {
        return new ReoptimisationSpec(null, null, null);
    }

    /**
     * What a round over workloads under several policies keeps to: the shortest interval, the smallest carbon
     * change and the fewest moves per cluster of them all, so that no policy's workloads wait longer or churn more
     * than their own policy allows. For valid specs only; at least one.
     */
    public static ReoptimisationSpec strictest(Collection<ReoptimisationSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("strictest of no re-optimisation specs");
        }
        ReoptimisationSpec soonest = specs.stream().min(Comparator.comparing(ReoptimisationSpec::intervalDuration)).orElseThrow();
        return new ReoptimisationSpec(soonest.interval(),
                specs.stream().mapToDouble(ReoptimisationSpec::carbonChangeThreshold).min().orElseThrow(),
                specs.stream().mapToInt(ReoptimisationSpec::maxMovesPerCluster).min().orElseThrow());
    }

    /** The interval as a duration; for a valid spec only (otherwise it throws {@link java.time.format.DateTimeParseException}). */
    public Duration intervalDuration() {
        return Duration.parse(interval);
    }

    @Override
    public void validate(Validator validator) {
        Durations.within(validator, "interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        validator.rangeAbove("carbonChangeThreshold", carbonChangeThreshold, 0, MAX_CARBON_CHANGE_THRESHOLD);
        validator.atLeast("maxMovesPerCluster", maxMovesPerCluster, 1);
    }
}
