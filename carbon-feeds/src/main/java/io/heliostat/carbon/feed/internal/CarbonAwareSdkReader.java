package io.heliostat.carbon.feed.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.ProviderException;
import io.heliostat.carbon.feed.ProviderHttp;
import io.heliostat.carbon.feed.ProviderSettings;
import io.heliostat.carbon.feed.ZoneLocator;
import io.heliostat.carbon.feed.ZoneReader;
import io.heliostat.carbon.feed.ZoneSubscription;
import io.heliostat.solver.domain.SignalKind;

/**
 * Reads {@code emissions/bylocation} over the last hour, of which the latest entry at or before now is the current
 * value, and {@code emissions/forecasts/current} for the intervals after it; to seed a zone's history,
 * {@code emissions/bylocation} over the last day. The SDK passes on whatever its data source gives and says neither which
 * source nor which kind, so the kind is the operator's {@code signal-kind}, never guessed.
 *
 * <p>An entry's {@code duration} is a .NET TimeSpan as the SDK serialises it ({@code 00:05:00}, {@code 1.00:00:00}),
 * or ISO-8601 ({@code PT5M}); a forecast point's {@code duration} is a number of minutes. A source without forecasts
 * makes the SDK answer the forecast with an error (501 when the source does not implement them, 400 or 404 for a
 * location it cannot forecast): the current value is then delivered without a forecast, and the forecast is asked for
 * again at the next poll, so that one comes back by itself when the SDK's configuration changes.
 */
public final class CarbonAwareSdkReader implements ZoneReader {

    private static final Logger LOG = LoggerFactory.getLogger(CarbonAwareSdkReader.class);
    /** How far back the current value is looked for: an hourly source's latest value is at most an hour old. */
    private static final Duration LOOK_BACK = Duration.ofHours(1);
    /** How far back a zone's history is seeded: a day, what a forecast from history and the daily profile take. */
    private static final Duration HISTORY = Duration.ofDays(1);
    /** The longest interval one value may hold for; anything longer is not a grid intensity but a misread duration. */
    private static final Duration LONGEST = Duration.ofDays(7);
    private static final String AZURE = "azure/";
    /** A TimeSpan in .NET's constant ("c") format: {@code [-][d.]hh:mm:ss[.fffffff]}. */
    private static final Pattern TIME_SPAN = Pattern.compile("(-)?(?:(\\d{1,7})\\.)?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,7}))?");

    private final ProviderHttp http;
    private final Map<String, String> headers;
    private final SignalKind kind;
    private final String source;
    /** The zones whose forecast the SDK currently does not give, so that it is logged once, not at every poll. */
    private final Set<String> withoutForecast = ConcurrentHashMap.newKeySet();

    private CarbonAwareSdkReader(ProviderHttp http, Map<String, String> headers, SignalKind kind) {
        this.http = http;
        this.headers = Map.copyOf(headers);
        this.kind = kind;
        this.source = http.provider() + ":" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CarbonAwareSdkReader of(ProviderSettings settings, ProviderHttp http) {
        String key = settings.key("signal-kind");
        String why = "the kind of intensity the SDK's data source gives (WattTime: marginal, Electricity Maps: average), "
                + "which the SDK's answers do not say";
        String text = settings.option("signal-kind").orElseThrow(() -> new IllegalArgumentException(
                key + " must be set to average or marginal: " + why));
        SignalKind kind = switch (text) {
            case "average" -> SignalKind.AVERAGE;
            case "marginal" -> SignalKind.MARGINAL;
            default -> throw new IllegalArgumentException(key + " must be average or marginal (" + why + "), was '" + text + "'");
        };
        // The SDK has no authentication of its own; a key is for a gateway the operator put in front of it.
        Map<String, String> headers = settings.option("api-key").map(apiKey -> Map.of("x-api-key", apiKey)).orElse(Map.of());
        return new CarbonAwareSdkReader(http, headers, kind);
    }

    @Override
    public void check(ZoneSubscription zone) {
        location(zone.locator());
    }

    @Override
    public ZoneSignals read(ZoneSubscription zone, Instant now) throws ProviderException {
        String location = location(zone.locator());
        CarbonSignal current = current(zone.zone(), location, now);
        List<CarbonSignal> ahead = forecast(zone.zone(), location, current, now);
        return new ZoneSignals(zone.zone(), now, current, ahead);
    }

    /** The entries of the last day that begin at or before now, oldest first. */
    @Override
    public List<CarbonSignal> history(ZoneSubscription zone, Instant now) throws ProviderException {
        return emissions(zone.zone(), location(zone.locator()), HISTORY, now);
    }

    private CarbonSignal current(String zone, String location, Instant now) throws ProviderException {
        List<CarbonSignal> recent = emissions(zone, location, LOOK_BACK, now);
        if (recent.isEmpty()) {
            throw new Bodies(http.provider(), "GET emissions/bylocation?location=" + location).rejected("no entry is at or before now ("
                    + now + ")");
        }
        return recent.getLast();
    }

    /**
     * The actual values of {@code emissions/bylocation} over the {@code span} before now that begin at or before now,
     * oldest first. No entry at all is a location the SDK's data source has nothing for.
     */
    private List<CarbonSignal> emissions(String zone, String location, Duration span, Instant now) throws ProviderException {
        // Whole seconds: the SDK parses times as .NET DateTimeOffset, which takes at most seven fractional digits.
        Instant to = now.truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("location", location);
        query.put("time", to.minus(span).toString());
        query.put("toTime", to.toString());
        String request = "GET emissions/bylocation?" + query;
        JsonNode entries = http.getJson("emissions/bylocation", query, headers);
        if (!entries.isArray()) {
            throw new Bodies(http.provider(), request).rejected("the body must be an array of emissions data, was " + entries.getNodeType());
        }
        if (entries.isEmpty()) {
            throw new ProviderException.UnknownZone(http.provider(), request + ": no emissions data; the SDK's data source has none for"
                    + " location " + location + " in the last " + span.toMinutes() + " minutes");
        }
        List<CarbonSignal> values = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            Bodies fields = new Bodies(http.provider(), request + " entry " + i);
            Instant start = fields.instant(entry, "time");
            Duration duration = timeSpan(fields, entry, "duration");
            double rating = fields.intensity(entry, "rating");
            if (!start.isAfter(now)) {
                values.add(new CarbonSignal(zone, start, start.plus(duration), rating, kind, SignalBasis.ACTUAL, source, now, false));
            }
        }
        values.sort(Comparator.comparing(CarbonSignal::start));
        return values;
    }

    private List<CarbonSignal> forecast(String zone, String location, CarbonSignal current, Instant now) throws ProviderException {
        Map<String, String> query = Map.of("location", location);
        String request = "GET emissions/forecasts/current?" + query;
        Bodies body = new Bodies(http.provider(), request);
        JsonNode forecasts;
        try {
            forecasts = http.getJson("emissions/forecasts/current", query, headers);
        } catch (ProviderException.Unauthorized | ProviderException.UnknownZone e) {
            return noForecast(zone, e);
        } catch (ProviderException.Rejected e) {
            // A 4xx means the SDK gives no forecast here; a body that did not parse (no status) is a broken answer.
            if (e.status() == 0) {
                throw e;
            }
            return noForecast(zone, e);
        } catch (ProviderException.Unavailable e) {
            if (!notImplemented(e)) {
                throw e;
            }
            return noForecast(zone, e);
        }
        if (!forecasts.isArray()) {
            throw body.rejected("the body must be an array of forecasts, was " + forecasts.getNodeType());
        }
        if (forecasts.isEmpty()) {
            return noForecast(zone, body.rejected("the body is an empty array"));
        }
        if (forecasts.size() > 1) {
            throw body.rejected("the body must hold the one forecast asked for, held " + forecasts.size());
        }
        JsonNode forecast = forecasts.get(0);
        SignalBasis issued = new SignalBasis.Forecast(body.instant(forecast, "generatedAt"));
        JsonNode data = body.array(forecast, "forecastData");
        List<CarbonSignal> points = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode point = data.get(i);
            Bodies fields = new Bodies(http.provider(), request + " forecastData " + i);
            Instant start = fields.instant(point, "timestamp");
            Duration duration = minutes(fields, point, "duration");
            points.add(new CarbonSignal(zone, start, start.plus(duration), fields.intensity(point, "value"), kind, issued, source, now, false));
        }
        points.sort(Comparator.comparing(CarbonSignal::start));
        if (withoutForecast.remove(zone)) {
            LOG.info("{}: zone {} has a forecast again", http.provider(), zone);
        }
        // The forecast begins around now, over the current value; only what lies past it is ahead.
        return ZoneSignals.ahead(current, points);
    }

    private List<CarbonSignal> noForecast(String zone, ProviderException why) {
        if (withoutForecast.add(zone)) {
            LOG.warn("{}: no forecast for zone {} ({}); its current value is delivered without one until the SDK gives one",
                    http.provider(), zone, why.getMessage());
        }
        return List.of();
    }

    /** Whether a 5xx was a 501: the SDK's answer when its data source has no forecasts, which is not an outage. */
    private static boolean notImplemented(ProviderException.Unavailable e) {
        return e.status() == 501;
    }

    /** A TimeSpan as the SDK serialises it ({@code 00:05:00}, {@code 1.00:00:00}) or ISO-8601 ({@code PT5M}); > 0. */
    private static Duration timeSpan(Bodies body, JsonNode node, String path) throws ProviderException.Rejected {
        String text = body.text(node, path).trim();
        String allowed = "a TimeSpan such as 00:05:00 or 1.00:00:00, or ISO-8601 such as PT5M";
        Duration duration;
        Matcher span = TIME_SPAN.matcher(text);
        if (span.matches()) {
            int hours = Integer.parseInt(span.group(3));
            int minutes = Integer.parseInt(span.group(4));
            int seconds = Integer.parseInt(span.group(5));
            if (hours > 23 || minutes > 59 || seconds > 59) {
                throw body.rejected("field " + path + " must be " + allowed + " (hours < 24, minutes and seconds < 60), was '" + text + "'");
            }
            String fraction = span.group(6) == null ? "" : span.group(6);
            duration = Duration.ofDays(span.group(2) == null ? 0 : Long.parseLong(span.group(2)))
                    .plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                    .plusNanos(fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9)));
            if (span.group(1) != null) {
                duration = duration.negated();
            }
        } else {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw body.rejected("field " + path + " must be " + allowed + ", was '" + text + "'");
            }
        }
        return requireInterval(body, path, duration, "'" + text + "'");
    }

    /** A forecast point's duration: a number of minutes, > 0. */
    private static Duration minutes(Bodies body, JsonNode node, String path) throws ProviderException.Rejected {
        JsonNode value = body.field(node, path);
        if (!value.isNumber() || !(value.asDouble() > 0) || value.asDouble() > LONGEST.toMinutes()) {
            throw body.rejected("field " + path + " must be a number of minutes > 0 and <= " + LONGEST.toMinutes() + ", was " + value);
        }
        return Duration.ofMillis(Math.round(value.asDouble() * 60_000));
    }

    private static Duration requireInterval(Bodies body, String path, Duration duration, String was) throws ProviderException.Rejected {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw body.rejected("field " + path + " must be a duration > 0 and <= " + LONGEST + ", was " + was);
        }
        return duration;
    }

    /**
     * The SDK's location name: the code as configured, or an Azure region's name, which the SDK's default location
     * configuration uses. Anything else the SDK cannot read; a failure says what it takes instead.
     */
    private static String location(ZoneLocator locator) {
        String takes = "the Carbon Aware SDK reads a location by the name its location configuration gives it (such as westeurope"
                + " or eastus) or an Azure region as azure/<name>";
        return switch (locator) {
            case ZoneLocator.Code code -> code.code();
            case ZoneLocator.CloudRegion region when region.id().startsWith(AZURE) -> region.id().substring(AZURE.length());
            case ZoneLocator.CloudRegion region -> throw new IllegalArgumentException(takes + ", not " + region
                    + "; name the SDK location that covers it instead");
            case ZoneLocator.Postcode postcode -> throw new IllegalArgumentException(takes + ", not a postcode (" + postcode + ")");
            case ZoneLocator.Point point -> throw new IllegalArgumentException(takes + ", not a point (" + point + ")");
        };
    }
}
