package io.heliostat.carbon.feed.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.CloudRegions;
import io.heliostat.carbon.feed.ProviderException;
import io.heliostat.carbon.feed.ProviderHttp;
import io.heliostat.carbon.feed.ProviderSettings;
import io.heliostat.carbon.feed.ZoneLocator;
import io.heliostat.carbon.feed.ZoneReader;
import io.heliostat.carbon.feed.ZoneSubscription;
import io.heliostat.carbon.forecast.ZoneHistory;
import io.heliostat.solver.domain.SignalKind;

/**
 * Reads WattTime's {@code v3/historical} (the last 15 minutes; its latest point is the current value) and
 * {@code v3/forecast} (the points after the current interval); to seed a zone's history, {@code v3/historical} over the
 * {@code history-span} before now. Each point holds for {@code meta.data_point_period_seconds} from its
 * {@code point_time}. Values come in pounds of CO2 per MWh and are converted to g/kWh; a body in any other unit, of
 * another signal type or of another region than asked is rejected whole, as is one whose points are not in time order.
 * A forecast point that begins before the interval ahead of it ends (the current one, or an earlier forecast point that
 * is not aligned to the period) overlaps it and is skipped: the first value for an instant wins, and gaps are left as
 * they are.
 *
 * <p>Every request carries the bearer token of {@link WattTimeLogin}. A 401 is an expired or revoked token: the token is
 * renewed once and the request tried once more, and a second 401 is {@link ProviderException.Unauthorized}. A 403 is
 * not cured by logging in again (the account's plan does not cover the region or the signal) and is not retried.
 *
 * <p>A zone placed by a point or a cloud region is looked up with {@code v3/region-from-loc} once and the region kept; a
 * look-up that fails is tried again at the next poll.
 */
public final class WattTimeReader implements ZoneReader {

    private static final Logger LOG = LoggerFactory.getLogger(WattTimeReader.class);
    /** Pounds per MWh to grams per kWh: a pound is 0.45359237 kg, and kg/MWh is g/kWh. */
    static final double GRAMS_PER_KWH_PER_LBS_PER_MWH = 0.45359237;
    static final String UNITS = "lbs_co2_per_mwh";
    /** How far back the current value is looked for: three 5-minute points, so that a point or two of lag still finds one. */
    static final Duration RECENT = Duration.ofMinutes(15);
    /**
     * How far back a zone's history is seeded unless configured: two days, what Holt-Winters takes (a day to start the
     * season, a day to fit on), so that a forecast from history is Holt-Winters from the first poll; a 5-minute region's
     * two days are 576 points in one request.
     */
    static final Duration DEFAULT_HISTORY_SPAN = Duration.ofDays(2);
    /** The longest seed: what a zone's history keeps (WattTime answers up to 32 days per request). */
    static final Duration LONGEST_HISTORY_SPAN = ZoneHistory.DEFAULT_RETENTION;
    private static final Map<String, SignalKind> CARBON_SIGNALS = Map.of("co2_moer", SignalKind.MARGINAL, "co2_aoer", SignalKind.AVERAGE);

    private final ProviderHttp http;
    private final WattTimeLogin login;
    private final String signalType;
    private final SignalKind kind;
    private final int horizonHours;
    private final Duration historySpan;
    private final String source;
    /** The WattTime region of each zone placed by a point or a cloud region, once looked up. */
    private final Map<String, String> regions = new ConcurrentHashMap<>();

    private WattTimeReader(ProviderHttp http, WattTimeLogin login, String signalType, int horizonHours, Duration historySpan) {
        this.http = http;
        this.login = login;
        this.signalType = signalType;
        this.kind = CARBON_SIGNALS.get(signalType);
        this.horizonHours = horizonHours;
        this.historySpan = historySpan;
        this.source = http.provider() + ":" + signalType;
    }

    /** The reader as the settings say, or a failure naming the key that cannot work; tokens age on {@code clock}. */
    public static WattTimeReader of(ProviderSettings settings, ProviderHttp http, Clock clock) {
        String signalType = settings.option("signal-type").orElse("co2_moer");
        if (signalType.equals("health_damage")) {
            throw new IllegalArgumentException(settings.key("signal-type") + " is health_damage, a health-damage signal and not a"
                    + " carbon intensity in g/kWh; use co2_moer (marginal) or co2_aoer (average)");
        }
        if (!CARBON_SIGNALS.containsKey(signalType)) {
            throw new IllegalArgumentException(settings.key("signal-type") + " must be co2_moer (marginal) or co2_aoer (average), was '"
                    + signalType + "'");
        }
        int horizonHours = horizonHours(settings);
        Duration lifetime = settings.duration("token-lifetime", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(24));
        Duration historySpan = settings.duration("history-span", DEFAULT_HISTORY_SPAN, Duration.ofHours(1), LONGEST_HISTORY_SPAN);
        String username = settings.requireOption("username");
        String password = settings.requireOption("password");
        String credentialKeys = settings.key("username") + " and " + settings.key("password");
        return new WattTimeReader(http, new WattTimeLogin(http, username, password, credentialKeys, lifetime, clock), signalType,
                horizonHours, historySpan);
    }

    private static int horizonHours(ProviderSettings settings) {
        String text = settings.option("horizon-hours").orElse("24").trim();
        try {
            int hours = Integer.parseInt(text);
            if (hours >= 1 && hours <= 72) {
                return hours;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(settings.key("horizon-hours") + " must be a whole number of hours from 1 to 72 (WattTime's"
                + " longest forecast), was '" + text + "'");
    }

    @Override
    public void check(ZoneSubscription zone) {
        if (zone.locator() instanceof ZoneLocator.Postcode) {
            throw new IllegalArgumentException("WattTime reads regions by region code (such as CAISO_NORTH), cloud region or"
                    + " @latitude,longitude, not by postcode");
        }
        if (zone.locator() instanceof ZoneLocator.CloudRegion region) {
            CloudRegions.require(region.id());
        }
    }

    @Override
    public ZoneSignals read(ZoneSubscription zone, Instant now) throws ProviderException {
        String region = region(zone);
        CarbonSignal current = current(zone.zone(), region, now);
        return new ZoneSignals(zone.zone(), now, current, forecast(zone.zone(), region, current, now));
    }

    /** The WattTime region the zone is read from: its code, or the region of its place, looked up once. */
    private String region(ZoneSubscription zone) throws ProviderException {
        return switch (zone.locator()) {
            case ZoneLocator.Code code -> code.code();
            case ZoneLocator.CloudRegion region -> located(zone.zone(), CloudRegions.require(region.id()).place());
            case ZoneLocator.Point point -> located(zone.zone(), point);
            case ZoneLocator.Postcode postcode -> throw new IllegalStateException("checked at start-up: " + postcode);
        };
    }

    /** A zone is polled by one thread at a time (polls never overlap), so its look-up needs no lock of its own. */
    private String located(String zone, ZoneLocator.Point place) throws ProviderException {
        String known = regions.get(zone);
        return known != null ? known : lookUp(zone, place);
    }

    private String lookUp(String zone, ZoneLocator.Point place) throws ProviderException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("latitude", Double.toString(place.latitude()));
        query.put("longitude", Double.toString(place.longitude()));
        query.put("signal_type", signalType);
        Bodies body = new Bodies(http.provider(), "GET v3/region-from-loc?" + query);
        JsonNode found = authorized("v3/region-from-loc", query);
        String region = body.text(found, "region");
        if (region.isBlank()) {
            throw body.rejected("field region is blank");
        }
        requireSignalType(body, found);
        regions.put(zone, region);
        LOG.info("{}: zone {} at {} is read as WattTime region {}", http.provider(), zone, place, region);
        return region;
    }

    /** The points of the {@code history-span} before now, oldest first, the current interval's among them. */
    @Override
    public List<CarbonSignal> history(ZoneSubscription zone, Instant now) throws ProviderException {
        return historical(zone.zone(), region(zone), historySpan, now);
    }

    private CarbonSignal current(String zone, String region, Instant now) throws ProviderException {
        List<CarbonSignal> recent = historical(zone, region, RECENT, now);
        if (recent.isEmpty()) {
            throw new Bodies(http.provider(), "GET v3/historical?region=" + region).rejected("no point begins in the last "
                    + RECENT.toMinutes() + " minutes");
        }
        return recent.getLast();
    }

    /** The actual values of {@code v3/historical} over the {@code span} before now, oldest first. */
    private List<CarbonSignal> historical(String zone, String region, Duration span, Instant now) throws ProviderException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("region", region);
        query.put("start", DateTimeFormatter.ISO_INSTANT.format(now.minus(span).truncatedTo(ChronoUnit.SECONDS)));
        query.put("end", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        query.put("signal_type", signalType);
        String request = "GET v3/historical?" + query;
        JsonNode historical = authorized("v3/historical", query);
        Duration period = meta(request, historical, region);
        List<CarbonSignal> values = new ArrayList<>();
        for (Point point : points(request, historical)) {
            // A point that has not begun yet is not an actual value, whatever the body calls it.
            if (!point.start().isAfter(now)) {
                values.add(signal(zone, point, period, SignalBasis.ACTUAL, now));
            }
        }
        return values;
    }

    private List<CarbonSignal> forecast(String zone, String region, CarbonSignal current, Instant now) throws ProviderException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("region", region);
        query.put("signal_type", signalType);
        query.put("horizon_hours", Integer.toString(horizonHours));
        String request = "GET v3/forecast?" + query;
        JsonNode forecast = authorized("v3/forecast", query);
        Duration period = meta(request, forecast, region);
        SignalBasis issued = new SignalBasis.Forecast(new Bodies(http.provider(), request + ": meta")
                .instant(forecast.get("meta"), "generated_at"));
        List<CarbonSignal> points = new ArrayList<>();
        for (Point point : points(request, forecast)) {
            points.add(signal(zone, point, period, issued, now));
        }
        // Overlapping what lies before it (the current interval, a point off the period's grid): skipped.
        return ZoneSignals.ahead(current, points);
    }

    /** One point of a body: when it begins and its value in lbs/MWh. */
    private record Point(Instant start, double poundsPerMwh) {
    }

    /** Every point of {@code data}, checked to be in time order; a body with one point wrong is wrong whole. */
    private List<Point> points(String request, JsonNode root) throws ProviderException.Rejected {
        JsonNode data = new Bodies(http.provider(), request).array(root, "data");
        List<Point> points = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Bodies body = new Bodies(http.provider(), request + ": data[" + i + "]");
            Point point = new Point(body.instant(data.get(i), "point_time"), body.intensity(data.get(i), "value"));
            if (!points.isEmpty() && !point.start().isAfter(points.getLast().start())) {
                throw body.rejected("point_time " + point.start() + " is not after the point before it (" + points.getLast().start()
                        + "); points must be in time order");
            }
            points.add(point);
        }
        return points;
    }

    /** Checks that the body is in lbs/MWh, of the signal type and the region asked; the period its points hold for. */
    private Duration meta(String request, JsonNode root, String region) throws ProviderException.Rejected {
        Bodies body = new Bodies(http.provider(), request + ": meta");
        JsonNode meta = new Bodies(http.provider(), request).field(root, "meta");
        String units = body.text(meta, "units");
        if (!units.equals(UNITS)) {
            throw body.rejected("units is '" + units + "', not " + UNITS + ", the only unit this feed converts to g/kWh");
        }
        requireSignalType(body, meta);
        String answered = body.text(meta, "region");
        if (!answered.equals(region)) {
            throw body.rejected("region is " + answered + ", not the " + region + " asked for");
        }
        JsonNode seconds = body.field(meta, "data_point_period_seconds");
        if (!seconds.canConvertToInt() || !seconds.isIntegralNumber() || seconds.asInt() <= 0) {
            throw body.rejected("field data_point_period_seconds must be a whole number of seconds > 0, was " + seconds);
        }
        return Duration.ofSeconds(seconds.asInt());
    }

    private void requireSignalType(Bodies body, JsonNode node) throws ProviderException.Rejected {
        String answered = body.text(node, "signal_type");
        if (!answered.equals(signalType)) {
            throw body.rejected("signal_type is " + answered + ", not the " + signalType + " asked for");
        }
    }

    private CarbonSignal signal(String zone, Point point, Duration period, SignalBasis basis, Instant now) {
        return new CarbonSignal(zone, point.start(), point.start().plus(period), point.poundsPerMwh() * GRAMS_PER_KWH_PER_LBS_PER_MWH,
                kind, basis, source, now, false);
    }

    /** GET with the bearer token; a 401 renews the token and tries once more. */
    private JsonNode authorized(String path, Map<String, String> query) throws ProviderException {
        WattTimeLogin.Token token = login.current();
        try {
            return http.getJson(path, query, token.header());
        } catch (ProviderException.Unauthorized e) {
            if (forbidden(e)) {
                throw e;
            }
            LOG.debug("{}: GET {} refused the token ({}); logging in again", http.provider(), path, e.getMessage());
        }
        WattTimeLogin.Token renewed = login.renew(token);
        try {
            return http.getJson(path, query, renewed.header());
        } catch (ProviderException.Unauthorized e) {
            throw new ProviderException.Unauthorized(http.provider(), "GET " + path + " refused a token fresh from /login too ("
                    + e.reason() + ")");
        }
    }

    /** Whether the refusal was a 403, which no new token cures. */
    private static boolean forbidden(ProviderException.Unauthorized e) {
        return e.status() == 403;
    }
}
