package io.heliostat.carbon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.heliostat.solver.domain.SignalKind;

/**
 * What is known about one zone's carbon intensity as of an instant: the current actual value and the
 * forecast of the intervals after it. The controller keeps one per zone (current + forecast, and
 * whether the current value is stale) and shows it at {@code GET /zones}.
 *
 * <p>All signals are of this zone and of one {@link SignalKind}, so that a planner reading them never
 * mixes average with marginal intensities; the forecast is in time order without overlaps and begins
 * no earlier than the current interval ends.
 *
 * @param zone the grid zone every signal is for
 * @param asOf the instant the signals describe: the feed's "now" (for a replay, the replay instant)
 * @param current the value of the interval holding at {@code asOf}, or an earlier one kept as stale: actual, or a
 *        forecast where the provider estimates the present only by one (NESO's regions)
 * @param forecast the values expected for the following intervals; empty when the feed serves no forecast
 * @param dailyProfile the zone's usual intensity in each UTC hour of the day (24 values, hour 0 first) over its recent
 *        history, what placement assumes while the zone is stale under a {@code seasonal} policy; empty while the
 *        feed has not seen enough history
 */
public record ZoneSignals(String zone, Instant asOf, CarbonSignal current, List<CarbonSignal> forecast, List<Double> dailyProfile) {

    public static final int HOURS_PER_DAY = 24;

    public ZoneSignals {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(current, "current");
        forecast = List.copyOf(forecast);
        dailyProfile = List.copyOf(dailyProfile);
        if (!dailyProfile.isEmpty() && dailyProfile.size() != HOURS_PER_DAY) {
            throw new IllegalArgumentException("zone " + zone + ": dailyProfile must hold " + HOURS_PER_DAY + " hourly values or none, held "
                    + dailyProfile.size());
        }
        if (!current.zone().equals(zone)) {
            throw new IllegalArgumentException("zone " + zone + ": current is a signal of zone " + current.zone());
        }
        if (current.start().isAfter(asOf)) {
            throw new IllegalArgumentException("zone " + zone + ": current starts at " + current.start() + ", after asOf " + asOf);
        }
        Instant previousEnd = current.end();
        for (int i = 0; i < forecast.size(); i++) {
            requireForecastAfter(forecast.get(i), i, zone, current.kind(), previousEnd);
            previousEnd = forecast.get(i).end();
        }
    }

    private static void requireForecastAfter(CarbonSignal signal, int index, String zone, SignalKind kind, Instant previousEnd) {
        String where = "zone " + zone + ": forecast[" + index + "] ";
        if (!signal.zone().equals(zone)) {
            throw new IllegalArgumentException(where + "is a signal of zone " + signal.zone());
        }
        if (!(signal.basis() instanceof SignalBasis.Forecast)) {
            throw new IllegalArgumentException(where + "must be a forecast, was " + signal.basis());
        }
        if (signal.kind() != kind) {
            throw new IllegalArgumentException(where + "is " + signal.kind() + " but current is " + kind
                    + "; average and marginal intensities are never mixed");
        }
        if (signal.start().isBefore(previousEnd)) {
            throw new IllegalArgumentException(where + "starts at " + signal.start() + ", before the interval ahead of it ends at "
                    + previousEnd);
        }
    }

    /**
     * Of {@code points} (forecasts in time order), those that lie ahead of {@code current}, each beginning no earlier than
     * the one kept before it ends: what a forecast may be. Providers' forecasts begin at or before the present, and may
     * hold points off their own grid; what overlaps is dropped, the first value for an instant kept.
     */
    public static List<CarbonSignal> ahead(CarbonSignal current, List<CarbonSignal> points) {
        List<CarbonSignal> ahead = new ArrayList<>();
        Instant next = current.end();
        for (CarbonSignal point : points) {
            if (!point.start().isBefore(next)) {
                ahead.add(point);
                next = point.end();
            }
        }
        return ahead;
    }

    /** Signals without a daily profile. */
    public ZoneSignals(String zone, Instant asOf, CarbonSignal current, List<CarbonSignal> forecast) {
        this(zone, asOf, current, forecast, List.of());
    }

    /** The same signals with {@code profile} as their daily profile. */
    public ZoneSignals withDailyProfile(List<Double> profile) {
        return new ZoneSignals(zone, asOf, current, forecast, profile);
    }

    /** The signal kind of every value here. */
    public SignalKind kind() {
        return current.kind();
    }
}
