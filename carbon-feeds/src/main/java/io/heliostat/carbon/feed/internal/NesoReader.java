package io.heliostat.carbon.feed.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
 * Reads NESO's Carbon Intensity API ("Carbon Intensity API, National Energy System Operator", CC BY 4.0). Values are
 * average intensities in gCO2/kWh for UTC half hours, each interval as the entry's {@code from} and {@code to} give it
 * ({@code 2018-01-20T12:00Z}: minutes, no seconds), so that the clock changes of British summer time neither double nor
 * drop a half hour.
 *
 * <ul>
 * <li>{@code national}: the current half hour from {@code GET /intensity} (its {@code actual} once NESO has one, else its
 * {@code forecast}) and what lies after it from {@code GET /intensity/{from}/fw48h}.</li>
 * <li>A region id {@code 1}..{@code 17} or a postcode: {@code GET /regional/intensity/{from}/fw48h/regionid/{id}} or
 * {@code …/postcode/{outward code}}, one region's half hours with forecasts only: the one covering now is the current
 * value (basis forecast, the best NESO has for a region), the rest lie ahead. The region comes as {@code data[0]} as
 * documented, or as the object {@code data} itself as the service answers.</li>
 * </ul>
 *
 * <p>A national zone's history is seeded from {@code GET /intensity/{from}/pt24h}, the half hours of the day before. A
 * half hour without an {@code actual} yet (NESO publishes it a little after the half hour ends) is left out rather than
 * taken from its forecast, so that no forecast enters the history as an actual: the history fills the gap (marked
 * filled, left out of the daily profile). Regions have forecasts only, no actuals: they get no seed, and their history
 * builds up from polls.
 *
 * <p>{@code {from}} is the start of the current half hour; NESO's series begin with the half hour that ends there, so
 * entries are chosen by their times, never by position. NESO gives no issue time for its forecasts: the instant they
 * were fetched stands in for it. A region missing from the answer, a region without half hours, or a postcode NESO does
 * not know (its 400 "No postcode match can be found.") is an unknown zone: the last good value serves until stale.
 */
public final class NesoReader implements ZoneReader {

    /** The {@code {from}} of NESO's paths. */
    static final DateTimeFormatter FROM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long HALF_HOUR_SECONDS = 30 * 60;
    private static final Pattern REGION_ID = Pattern.compile("[0-9]{1,2}");
    private static final int REGIONS = 17;
    private static final String TAKES = "NESO takes national (Great Britain), a region id 1..17 (such as 13 for London) "
            + "or postcode:OUTWARD (such as postcode:RG10)";

    private final ProviderHttp http;
    private final String provider;

    private NesoReader(ProviderHttp http) {
        this.http = http;
        this.provider = http.provider();
    }

    /** NESO reads no options of its own: no authentication, one series per zone. */
    public static NesoReader of(ProviderSettings settings, ProviderHttp http) {
        return new NesoReader(http);
    }

    /** Where NESO reads a zone: the paths and the source its signals name. */
    private sealed interface Where {
        String source();
    }

    private record National() implements Where {
        @Override
        public String source() {
            return "neso:national";
        }
    }

    private record Region(int id) implements Where {
        @Override
        public String source() {
            return "neso:region/" + id;
        }
    }

    private record Postcode(String outwardCode) implements Where {
        @Override
        public String source() {
            return "neso:postcode/" + outwardCode;
        }
    }

    /** One half hour of a series: its interval and its {@code intensity} object, read when it is known which value counts. */
    private record Slot(Instant from, Instant to, JsonNode intensity, Bodies body) {
        boolean covers(Instant now) {
            return !from.isAfter(now) && to.isAfter(now);
        }

        /** Whether NESO has measured the half hour: {@code actual} is there and not null (future half hours have none). */
        boolean hasActual() {
            JsonNode actual = intensity.get("actual");
            return actual != null && !actual.isNull();
        }

        @Override
        public String toString() {
            return "[" + from + ", " + to + ")";
        }
    }

    @Override
    public void check(ZoneSubscription zone) {
        where(zone.locator());
    }

    @Override
    public ZoneSignals read(ZoneSubscription zone, Instant now) throws ProviderException {
        String from = FROM.format(halfHourStart(now));
        Where where = where(zone.locator());
        return switch (where) {
            case National national -> national(zone.zone(), national, from, now);
            case Region region -> regional(zone.zone(), region, "regional/intensity/" + from + "/fw48h/regionid/" + region.id(), now);
            case Postcode postcode -> regional(zone.zone(), postcode,
                    "regional/intensity/" + from + "/fw48h/postcode/" + postcode.outwardCode(), now);
        };
    }

    /** The start of the UTC half hour holding {@code now}. */
    static Instant halfHourStart(Instant now) {
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), HALF_HOUR_SECONDS) * HALF_HOUR_SECONDS);
    }

    private ZoneSignals national(String zone, National where, String from, Instant now) throws ProviderException {
        Bodies currentBody = new Bodies(provider, "GET intensity");
        List<Slot> present = slots("GET intensity", "data", currentBody.array(http.getJson("intensity", Map.of(), Map.of()), "data"));
        String forecastPath = "intensity/" + from + "/fw48h";
        Bodies forecastBody = new Bodies(provider, "GET " + forecastPath);
        List<Slot> series = slots("GET " + forecastPath, "data", forecastBody.array(http.getJson(forecastPath, Map.of(), Map.of()), "data"));
        // Just past a half hour's end NESO may still answer the one before (or, with clocks apart, already the next):
        // the forecast series' half hour that holds now stands in for it then.
        Slot currentSlot = covering(present, now);
        if (currentSlot == null) {
            currentSlot = covering(series, now);
        }
        if (currentSlot == null) {
            throw currentBody.rejected("no half hour covers now (" + now + "): GET intensity gave " + present + ", GET "
                    + forecastPath + " " + span(series));
        }
        CarbonSignal current = currentSlot.hasActual()
                ? actual(zone, where, currentSlot, now)
                : signal(zone, where, currentSlot, currentSlot.body().intensity(currentSlot.intensity(), "forecast"),
                        new SignalBasis.Forecast(now), now);
        return new ZoneSignals(zone, now, current, ahead(zone, where, series, current, now));
    }

    @Override
    public List<CarbonSignal> history(ZoneSubscription zone, Instant now) throws ProviderException {
        if (!(where(zone.locator()) instanceof National national)) {
            return List.of();
        }
        String path = "intensity/" + FROM.format(halfHourStart(now)) + "/pt24h";
        Bodies body = new Bodies(provider, "GET " + path);
        List<CarbonSignal> past = new ArrayList<>();
        for (Slot slot : slots("GET " + path, "data", body.array(http.getJson(path, Map.of(), Map.of()), "data"))) {
            if (slot.hasActual()) {
                past.add(actual(zone.zone(), national, slot, now));
            }
        }
        return past;
    }

    private ZoneSignals regional(String zone, Where where, String path, Instant now) throws ProviderException {
        Bodies body = new Bodies(provider, "GET " + path);
        JsonNode region = region(body, path, where, get(path, where));
        JsonNode data = body.array(region, "data");
        if (data.isEmpty()) {
            throw new ProviderException.UnknownZone(provider, "GET " + path + ": " + describe(where) + " has no half hours (data[] is empty)");
        }
        List<Slot> series = slots("GET " + path, "the region's data", data);
        Slot currentSlot = covering(series, now);
        if (currentSlot == null) {
            throw body.rejected("no half hour covers now (" + now + "): data[] " + span(series));
        }
        // Regions have no actual values: the forecast of the present half hour is the best NESO has.
        CarbonSignal current = signal(zone, where, currentSlot, currentSlot.body().intensity(currentSlot.intensity(), "forecast"),
                new SignalBasis.Forecast(now), now);
        return new ZoneSignals(zone, now, current, ahead(zone, where, series, current, now));
    }

    /** A postcode NESO does not know answers 400; that is the zone unknown, not a body to reject. */
    private JsonNode get(String path, Where where) throws ProviderException {
        try {
            return http.getJson(path, Map.of(), Map.of());
        } catch (ProviderException.Rejected e) {
            if (where instanceof Postcode postcode && e.status() == 400) {
                throw new ProviderException.UnknownZone(provider, "postcode " + postcode.outwardCode() + " is not one NESO knows: "
                        + e.reason());
            }
            throw e;
        }
    }

    /** The region asked for, from {@code data} as an array of regions or as the one region object. */
    private JsonNode region(Bodies body, String path, Where where, JsonNode root) throws ProviderException {
        JsonNode data = body.field(root, "data");
        List<JsonNode> regions = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(regions::add);
        } else if (data.isObject()) {
            regions.add(data);
        } else {
            throw body.rejected("field data must be an array of regions or a region, was " + data.getNodeType());
        }
        for (JsonNode region : regions) {
            if (!region.isObject()) {
                throw body.rejected("field data must hold regions (objects), held " + region.getNodeType());
            }
            if (where instanceof Postcode || where instanceof Region id && String.valueOf(id.id()).equals(region.path("regionid").asText())) {
                return region;
            }
        }
        List<String> ids = regions.stream().map(region -> region.path("regionid").asText("?")).toList();
        throw new ProviderException.UnknownZone(provider, "GET " + path + ": " + describe(where) + " is not in the answer, which holds "
                + (ids.isEmpty() ? "no region" : "regions " + ids));
    }

    /** Every entry's interval, in time order without overlaps; each entry's fields named by its index in failures. */
    private List<Slot> slots(String request, String array, JsonNode entries) throws ProviderException.Rejected {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            Bodies at = new Bodies(provider, request + ": " + array + "[" + i + "]");
            Instant from = at.instant(entry, "from");
            Instant to = at.instant(entry, "to");
            if (!to.isAfter(from)) {
                throw at.rejected("to " + to + " must be after from " + from);
            }
            if (!slots.isEmpty() && from.isBefore(slots.getLast().to())) {
                throw at.rejected("from " + from + " must not be before the end of the entry ahead of it, " + slots.getLast().to()
                        + ": half hours come in time order without overlaps");
            }
            slots.add(new Slot(from, to, at.field(entry, "intensity"), at));
        }
        return slots;
    }

    /** The forecast after the current value: what lies ahead, as forecast at {@code now} (NESO gives no issue time). */
    private static List<CarbonSignal> ahead(String zone, Where where, List<Slot> series, CarbonSignal current, Instant now)
            throws ProviderException.Rejected {
        SignalBasis issued = new SignalBasis.Forecast(now);
        List<CarbonSignal> points = new ArrayList<>();
        for (Slot slot : series) {
            if (!slot.from().isBefore(current.end())) {
                points.add(signal(zone, where, slot, slot.body().intensity(slot.intensity(), "forecast"), issued, now));
            }
        }
        return points;
    }

    private static CarbonSignal actual(String zone, Where where, Slot slot, Instant now) throws ProviderException.Rejected {
        return signal(zone, where, slot, slot.body().intensity(slot.intensity(), "actual"), SignalBasis.ACTUAL, now);
    }

    private static CarbonSignal signal(String zone, Where where, Slot slot, double gramsPerKwh, SignalBasis basis, Instant now) {
        return new CarbonSignal(zone, slot.from(), slot.to(), gramsPerKwh, SignalKind.AVERAGE, basis, where.source(), now, false);
    }

    private static Slot covering(List<Slot> slots, Instant now) {
        return slots.stream().filter(slot -> slot.covers(now)).findFirst().orElse(null);
    }

    private static String span(List<Slot> slots) {
        return slots.isEmpty() ? "no half hours" : "spans " + slots.getFirst().from() + " to " + slots.getLast().to();
    }

    private static String describe(Where where) {
        return switch (where) {
            case National national -> "the national series";
            case Region region -> "region " + region.id();
            case Postcode postcode -> "the region of postcode " + postcode.outwardCode();
        };
    }

    private static Where where(ZoneLocator locator) {
        return switch (locator) {
            case ZoneLocator.Code code when code.code().equalsIgnoreCase("national") -> new National();
            case ZoneLocator.Code code when REGION_ID.matcher(code.code()).matches()
                    && Integer.parseInt(code.code()) >= 1 && Integer.parseInt(code.code()) <= REGIONS -> new Region(Integer.parseInt(code.code()));
            case ZoneLocator.Code code -> throw new IllegalArgumentException(TAKES + ", not '" + code.code() + "'");
            case ZoneLocator.Postcode postcode -> new Postcode(postcode.outwardCode());
            case ZoneLocator.CloudRegion region -> throw new IllegalArgumentException(TAKES + "; it cannot place cloud region " + region
                    + ": name its region id instead, such as UK-LONDON=13");
            case ZoneLocator.Point point -> throw new IllegalArgumentException(TAKES + "; it cannot place a point such as " + point
                    + ": name its region id or its postcode instead");
        };
    }
}
