package io.heliostat.controller.carbon;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;

/**
 * A zone's carbon intensity as the controllers share it and {@code GET /zones} shows it: the current value, the
 * forecast, where they came from and whether they are stale.
 *
 * @param kind           AVERAGE or MARGINAL; placement never compares the two
 * @param basis          {@code actual}, or {@code forecast} where the provider estimates the present only by one
 * @param source         the feed of the current value, such as {@code electricitymaps:lifecycle}
 * @param stale          whether the feed kept the value past its max age because no newer one came
 * @param issuedAt       when the forecast was issued; null without a forecast
 * @param forecastSource the feed of the forecast, which may be the zone's own history; null without a forecast
 * @param dailyProfile   the zone's usual intensity per UTC hour of the day (24 values), what a {@code seasonal} policy
 *                       assumes while the zone is stale; empty while the feed has too little history
 */
public record ZoneCarbon(String zone, String kind, double gramsPerKwh, Instant start, Instant end, String basis, String source,
                         Instant fetchedAt, boolean stale, Instant issuedAt, String forecastSource, List<Interval> forecast,
                         List<Double> dailyProfile) {

    /** One forecast interval. */
    public record Interval(Instant start, Instant end, double gramsPerKwh) {
    }

    /** What the intensity of a stale zone is taken to be (a policy's {@code staleSignal}). */
    public enum StaleFallback {
        /** The last value received, and the forecast that came with it. */
        LAST_KNOWN,
        /** The same hour of the day on earlier days; the last known value where there is no such history. */
        SEASONAL,
        /** The highest value the zone showed recently: work keeps away from it until its feed is back. */
        WORST_CASE;

        /** The fallback a policy's {@code staleSignal} names: last-known, seasonal or worst-case. */
        public static StaleFallback of(String staleSignal) {
            return valueOf(staleSignal.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    public ZoneCarbon {
        forecast = forecast == null ? List.of() : List.copyOf(forecast);
        dailyProfile = dailyProfile == null ? List.of() : List.copyOf(dailyProfile);
    }

    static ZoneCarbon of(ZoneSignals signals) {
        CarbonSignal current = signals.current();
        CarbonSignal first = signals.forecast().isEmpty() ? null : signals.forecast().getFirst();
        Instant issuedAt = first != null && first.basis() instanceof SignalBasis.Forecast forecast ? forecast.issuedAt() : null;
        return new ZoneCarbon(signals.zone(), signals.kind().name(), current.gramsPerKwh(), current.start(), current.end(),
                current.basis() instanceof SignalBasis.Actual ? "actual" : "forecast", current.source(), current.fetchedAt(),
                current.stale(), issuedAt, first == null ? null : first.source(),
                signals.forecast().stream().map(signal -> new Interval(signal.start(), signal.end(), signal.gramsPerKwh())).toList(),
                signals.dailyProfile());
    }

    /**
     * The intensity placement assumes at {@code instant}: that of the interval covering it (the current one before the
     * forecast starts, the last one known past its end), or, while the zone is stale, what {@code fallback} says.
     */
    public double assumedAt(Instant instant, StaleFallback fallback) {
        if (!stale) {
            return knownAt(instant);
        }
        return switch (fallback) {
            case LAST_KNOWN -> knownAt(instant);
            case SEASONAL -> dailyProfile.isEmpty() ? knownAt(instant) : dailyProfile.get(instant.atZone(ZoneOffset.UTC).getHour());
            case WORST_CASE -> highestKnown();
        };
    }

    private double knownAt(Instant instant) {
        double value = gramsPerKwh;
        for (Interval interval : forecast) {
            if (interval.start().isAfter(instant)) {
                break;
            }
            value = interval.gramsPerKwh();
        }
        return value;
    }

    private double highestKnown() {
        double highest = gramsPerKwh;
        for (Interval interval : forecast) {
            highest = Math.max(highest, interval.gramsPerKwh());
        }
        for (double hour : dailyProfile) {
            highest = Math.max(highest, hour);
        }
        return highest;
    }
}
