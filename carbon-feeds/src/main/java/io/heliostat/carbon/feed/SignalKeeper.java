package io.heliostat.carbon.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.forecast.AppendOutcome;
import io.heliostat.carbon.forecast.DailyProfile;
import io.heliostat.carbon.forecast.Forecast;
import io.heliostat.carbon.forecast.Forecaster;
import io.heliostat.carbon.forecast.HoltWintersForecaster;
import io.heliostat.carbon.forecast.IntensitySeries;
import io.heliostat.carbon.forecast.ZoneHistory;

/**
 * A provider's last good signals per zone, and each zone's history. Fresh signals pass on to the sink, with a forecast
 * from the zone's own history where the provider gave none (Holt-Winters with daily seasonality, or a simpler method
 * while the history is short; the method is named in the forecast's source) and the zone's daily profile, what a
 * {@code seasonal} policy assumes while the zone is stale. When a zone's poll fails, its last good
 * value goes on serving until it is older than the provider's max age, and from then on is passed on marked stale at
 * every failed poll, so that placement sees how old it is and falls back by policy. A zone never read has nothing to
 * serve: it keeps whatever the controller had (the fleet file's intensities).
 *
 * <p>A zone's history can be {@link #seed seeded} with the provider's past values before its current value is kept, so
 * that a forecast from history and the daily profile come from the first poll on instead of after a day of polls.
 *
 * <p>One failure streak logs once at WARN (and its end once at INFO), not at every poll.
 */
public final class SignalKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(SignalKeeper.class);
    /** How far ahead a forecast from history reaches: temporal shifting looks a day ahead. */
    static final Duration FORECAST_HORIZON = Duration.ofHours(24);
    /** The days the daily profile is the median of. */
    static final int PROFILE_DAYS = 7;

    private final String provider;
    private final Duration maxAge;
    private final SignalSink sink;
    private final Clock clock;
    private final Map<String, ZoneSignals> lastGood = new ConcurrentHashMap<>();
    private final Map<String, PollOutcome> failing = new ConcurrentHashMap<>();
    private final Map<String, History> histories = new ConcurrentHashMap<>();
    private final Forecaster forecaster = new HoltWintersForecaster();

    /** A zone's history and what was last made of it, remade only when the history has a new interval. */
    private static final class History {
        final ZoneHistory values;
        /** Whether the provider's past values went into it: not from when it starts afresh until they have. */
        volatile boolean seeded;
        Instant madeAt;
        List<CarbonSignal> forecast = List.of();
        List<Double> profile = List.of();

        History(ZoneHistory values) {
            this.values = values;
        }
    }

    public SignalKeeper(String provider, Duration maxAge, SignalSink sink, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether the zone of {@code current} wants its history seeded before {@code current} is kept: it has none yet, or
     * its history started afresh since it was seeded (the provider changed its step or moved its intervals, or a gap
     * longer than a day went by). Never for an interval that does not divide a day: such a zone keeps no history.
     */
    public boolean wantsHistory(CarbonSignal current) {
        History history = histories.get(current.zone());
        return dailyStep(current).isPresent() && (history == null || !history.seeded);
    }

    /**
     * Seeds the history of {@code current}'s zone with {@code past}, the provider's actual values before {@code current}
     * in any order, ahead of {@link #fresh} keeping {@code current}; the history then counts as seeded until it starts
     * afresh. What the history already holds stands, and of two past values for one interval the first does. Values that
     * would corrupt the history are left out: forecasts, values of another zone or kind, of another step than
     * {@code current}'s or off its grid, and values at or after {@code current}'s start. A history on another step or
     * grid than {@code current}'s, which keeping {@code current} would clear, is replaced by the seed.
     */
    public void seed(CarbonSignal current, List<CarbonSignal> past) {
        Optional<Duration> daily = dailyStep(current);
        if (daily.isEmpty()) {
            return;
        }
        Duration step = daily.get();
        SortedMap<Instant, Double> values = new TreeMap<>();
        for (CarbonSignal value : past) {
            if (fits(value, current, step)) {
                values.putIfAbsent(value.start(), value.gramsPerKwh());
            }
        }
        int seeded = values.size();
        History known = histories.get(current.zone());
        if (known != null && known.values.step().equals(step)) {
            synchronized (known) {
                Optional<Instant> start = known.values.start();
                if (start.isPresent() && onGrid(start.get(), current, step)) {
                    IntensitySeries kept = known.values.series();
                    for (int i = 0; i < kept.size(); i++) {
                        // Filled intervals are filled again, from what is known now.
                        if (!known.values.isFilled(i)) {
                            values.put(kept.startOf(i), kept.value(i));
                        }
                    }
                }
            }
        }
        ZoneHistory history = ZoneHistory.of(current.zone(), step);
        values.forEach(history::append);
        History fresh = new History(history);
        fresh.seeded = true;
        histories.put(current.zone(), fresh);
        LOG.info("{}: zone {} history seeded with {} of the {} past values the provider gave; it holds {} intervals of {}",
                provider, current.zone(), seeded, past.size(), history.size(), step);
    }

    /** Whether a past value may go into the history the current value goes into. */
    private static boolean fits(CarbonSignal value, CarbonSignal current, Duration step) {
        return value.zone().equals(current.zone()) && value.kind() == current.kind() && value.basis() instanceof SignalBasis.Actual
                && Duration.between(value.start(), value.end()).equals(step) && value.start().isBefore(current.start())
                && onGrid(value.start(), current, step);
    }

    /** Whether {@code start} lies a whole number of steps from the current value's start. */
    private static boolean onGrid(Instant start, CarbonSignal current, Duration step) {
        return Duration.between(start, current.start()).toMillis() % step.toMillis() == 0;
    }

    /** A zone's fresh signals: remembered and passed on, with what its history adds. */
    public void fresh(ZoneSignals read) {
        ZoneSignals signals = withHistory(read);
        lastGood.put(signals.zone(), signals);
        PollOutcome ended = failing.remove(signals.zone());
        if (ended != null) {
            LOG.info("{}: zone {} read again after {}", provider, signals.zone(), ended);
        }
        sink.accept(signals);
    }

    /**
     * A zone's poll failed: its last good signals serve on, passed on again marked stale once they are older than the
     * max age.
     */
    public void failed(String zone, PollOutcome outcome, String reason) {
        if (failing.put(zone, outcome) != outcome) {
            LOG.warn("{}: zone {} not read ({}): {}; its last good value serves until it is {} old, then it is stale",
                    provider, zone, outcome, reason, maxAge);
        }
        ZoneSignals last = lastGood.get(zone);
        Instant now = clock.instant();
        if (last != null && Duration.between(last.current().fetchedAt(), now).compareTo(maxAge) > 0) {
            sink.accept(staleAt(last, now));
        }
    }

    public Optional<ZoneSignals> last(String zone) {
        return Optional.ofNullable(lastGood.get(zone));
    }

    /** The zones whose last poll failed, with how. */
    public Map<String, PollOutcome> failing() {
        return Map.copyOf(failing);
    }

    /**
     * Adds the current value to the zone's history and, from the history, the daily profile and (where the provider
     * gave none) a forecast of the next day.
     */
    private ZoneSignals withHistory(ZoneSignals signals) {
        CarbonSignal current = signals.current();
        Optional<Duration> daily = dailyStep(current);
        if (daily.isEmpty()) {
            return signals; // an interval that does not divide a day has no daily season
        }
        Duration step = daily.get();
        History history = histories.compute(signals.zone(), (zone, known) ->
                known == null || !known.values.step().equals(step) ? new History(ZoneHistory.of(zone, step)) : known);
        synchronized (history) {
            try {
                if (history.values.append(current.start(), current.gramsPerKwh()) == AppendOutcome.RESTARTED) {
                    history.seeded = false; // a gap longer than a day, which the provider's past values can bridge
                }
            } catch (IllegalArgumentException offTheGrid) {
                // The provider moved its intervals: start the history afresh on the new grid, to be seeded again.
                history.values.clear();
                history.values.append(current.start(), current.gramsPerKwh());
                history.madeAt = null;
                history.seeded = false;
            }
            Instant end = history.values.end().orElseThrow();
            if (!end.equals(history.madeAt)) {
                history.madeAt = end;
                history.profile = hourly(history.values.dailyProfile(PROFILE_DAYS), end);
                history.forecast = List.of();
                // From a day of history on: short of that a forecast would only repeat the last value, which placement
                // assumes past the end of what is known anyway.
                if (signals.forecast().isEmpty() && end.equals(current.end()) && history.values.size() >= stepsPerDay(step)) {
                    Forecast forecast = forecaster.forecast(history.values, (int) (FORECAST_HORIZON.toMillis() / step.toMillis()));
                    history.forecast = forecast.toSignals(signals.zone(), current.kind(),
                            current.source() + "+history:" + forecast.method().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            current.fetchedAt());
                }
            }
            List<CarbonSignal> forecast = signals.forecast().isEmpty() ? history.forecast : signals.forecast();
            return new ZoneSignals(signals.zone(), signals.asOf(), current, forecast, history.profile);
        }
    }

    /** The signal's interval, if it divides a day into whole seconds: only then has the zone a daily season. */
    private static Optional<Duration> dailyStep(CarbonSignal signal) {
        Duration step = Duration.between(signal.start(), signal.end());
        return step.getNano() == 0 && Duration.ofDays(1).getSeconds() % step.getSeconds() == 0 ? Optional.of(step) : Optional.empty();
    }

    private static int stepsPerDay(Duration step) {
        return (int) (Duration.ofDays(1).toMillis() / step.toMillis());
    }

    /** The profile's value at each UTC hour of the day, once it has a value at every hour. */
    private static List<Double> hourly(DailyProfile profile, Instant end) {
        List<Double> hours = new ArrayList<>(ZoneSignals.HOURS_PER_DAY);
        Instant midnight = end.truncatedTo(ChronoUnit.DAYS);
        for (int hour = 0; hour < ZoneSignals.HOURS_PER_DAY; hour++) {
            OptionalDouble value = profile.valueAt(midnight.plus(Duration.ofHours(hour)));
            if (value.isEmpty()) {
                return List.of();
            }
            hours.add(value.getAsDouble());
        }
        return hours;
    }

    private static ZoneSignals staleAt(ZoneSignals last, Instant now) {
        CarbonSignal current = last.current();
        CarbonSignal stale = new CarbonSignal(current.zone(), current.start(), current.end(), current.gramsPerKwh(), current.kind(),
                current.basis(), current.source(), current.fetchedAt(), true);
        return new ZoneSignals(last.zone(), now, stale, last.forecast(), last.dailyProfile());
    }
}
