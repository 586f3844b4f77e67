package io.heliostat.carbon.feed.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
import io.heliostat.solver.domain.SignalKind;

/**
 * Reads {@code carbon-intensity/latest} and {@code carbon-intensity/forecast}, and {@code carbon-intensity/history} (the
 * last 24 hours) to seed a zone's history. Values are average intensities for the hour starting at {@code datetime}, of
 * the emission factor type asked for. A forecast the plan does not include (401, 403, 404) is asked for no more: the
 * zone's forecast then comes from its history.
 */
public final class ElectricityMapsReader implements ZoneReader {

    private static final Logger LOG = LoggerFactory.getLogger(ElectricityMapsReader.class);
    private static final Duration HOUR = Duration.ofHours(1);

    private final ProviderHttp http;
    private final Map<String, String> headers;
    private final String emissionFactorType;
    private final String source;
    private final AtomicBoolean forecast;

    private ElectricityMapsReader(ProviderHttp http, String token, String emissionFactorType, boolean forecast) {
        this.http = http;
        this.headers = Map.of("auth-token", token);
        this.emissionFactorType = emissionFactorType;
        this.source = http.provider() + ":" + emissionFactorType;
        this.forecast = new AtomicBoolean(forecast);
    }

    public static ElectricityMapsReader of(ProviderSettings settings, ProviderHttp http) {
        String type = settings.option("emission-factor-type").orElse("lifecycle");
        if (!type.equals("lifecycle") && !type.equals("direct")) {
            throw new IllegalArgumentException(settings.key("emission-factor-type") + " must be lifecycle or direct, was '" + type + "'");
        }
        return new ElectricityMapsReader(http, settings.requireOption("token"), type, settings.flag("forecast", true));
    }

    @Override
    public void check(ZoneSubscription zone) {
        if (zone.locator() instanceof ZoneLocator.Postcode) {
            throw new IllegalArgumentException("Electricity Maps reads zones by code, cloud region or @latitude,longitude, not by postcode");
        }
        if (zone.locator() instanceof ZoneLocator.CloudRegion region) {
            CloudRegions.require(region.id());
        }
    }

    @Override
    public ZoneSignals read(ZoneSubscription zone, Instant now) throws ProviderException {
        Map<String, String> where = where(zone.locator());
        CarbonSignal current = latest(zone.zone(), where, now);
        List<CarbonSignal> ahead = forecast.get() ? forecast(zone.zone(), where, current, now) : List.of();
        return new ZoneSignals(zone.zone(), now, current, ahead);
    }

    /** The hours of the last day, as {@code history} gives them: oldest first, the latest hour's among them. */
    @Override
    public List<CarbonSignal> history(ZoneSubscription zone, Instant now) throws ProviderException {
        Map<String, String> query = withFactorType(where(zone.locator()));
        String request = "GET carbon-intensity/history?" + query;
        JsonNode hours = new Bodies(http.provider(), request).array(http.getJson("carbon-intensity/history", query, headers), "history");
        List<CarbonSignal> past = new ArrayList<>(hours.size());
        for (int i = 0; i < hours.size(); i++) {
            past.add(actual(zone.zone(), new Bodies(http.provider(), request + ": history[" + i + "]"), hours.get(i), now));
        }
        return past;
    }

    private CarbonSignal latest(String zone, Map<String, String> where, Instant now) throws ProviderException {
        Map<String, String> query = withFactorType(where);
        Bodies body = new Bodies(http.provider(), "GET carbon-intensity/latest?" + query);
        return actual(zone, body, http.getJson("carbon-intensity/latest", query, headers), now);
    }

    /** One hour's value as {@code latest} and each entry of {@code history} give it: of the type asked for, not after now. */
    private CarbonSignal actual(String zone, Bodies body, JsonNode hour, Instant now) throws ProviderException.Rejected {
        requireType(body, hour);
        requireUnit(body, hour);
        Instant start = body.instant(hour, "datetime");
        if (start.isAfter(now)) {
            throw body.rejected("datetime " + start + " is after now (" + now + ")");
        }
        return new CarbonSignal(zone, start, start.plus(HOUR), body.intensity(hour, "carbonIntensity"), SignalKind.AVERAGE,
                SignalBasis.ACTUAL, source, now, false);
    }

    /** The query of latest and of history: where, and the emission factor type configured. */
    private Map<String, String> withFactorType(Map<String, String> where) {
        Map<String, String> query = new LinkedHashMap<>(where);
        query.put("emissionFactorType", emissionFactorType);
        return query;
    }

    private List<CarbonSignal> forecast(String zone, Map<String, String> where, CarbonSignal current, Instant now) throws ProviderException {
        Bodies body = new Bodies(http.provider(), "GET carbon-intensity/forecast?" + where);
        JsonNode forecast;
        try {
            forecast = http.getJson("carbon-intensity/forecast", where, headers);
        } catch (ProviderException.Unauthorized | ProviderException.UnknownZone e) {
            if (this.forecast.compareAndSet(true, false)) {
                LOG.warn("{}: no forecast for this token ({}); forecasts come from each zone's history", http.provider(), e.getMessage());
            }
            return List.of();
        }
        requireUnit(body, forecast);
        SignalBasis issued = new SignalBasis.Forecast(body.instant(forecast, "updatedAt"));
        List<CarbonSignal> points = new ArrayList<>();
        for (JsonNode point : body.array(forecast, "forecast")) {
            Instant start = body.instant(point, "datetime");
            points.add(new CarbonSignal(zone, start, start.plus(HOUR), body.intensity(point, "carbonIntensity"), SignalKind.AVERAGE,
                    issued, source, now, false));
        }
        // The forecast begins at the current hour or before it: only what lies past the current value is ahead.
        return ZoneSignals.ahead(current, points);
    }

    private void requireType(Bodies body, JsonNode hour) throws ProviderException.Rejected {
        JsonNode type = hour.get("emissionFactorType");
        if (type != null && !type.isNull() && !type.asText().equals(emissionFactorType)) {
            throw body.rejected("emissionFactorType is " + type.asText() + ", not the " + emissionFactorType + " asked for");
        }
    }

    /** Bodies of API v3 carry no unit; one that does must say grams per kWh. */
    private static void requireUnit(Bodies body, JsonNode node) throws ProviderException.Rejected {
        JsonNode unit = node.get("unit");
        if (unit != null && !unit.isNull() && !unit.asText().replace(" ", "").equalsIgnoreCase("gCO2eq/kWh")) {
            throw body.rejected("unit is '" + unit.asText() + "', not gCO2eq/kWh");
        }
    }

    private static Map<String, String> where(ZoneLocator locator) {
        return switch (locator) {
            case ZoneLocator.Code code -> Map.of("zone", code.code());
            case ZoneLocator.CloudRegion region -> Map.of("zone", CloudRegions.require(region.id()).gridZone());
            case ZoneLocator.Point point -> {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("lat", Double.toString(point.latitude()));
                query.put("lon", Double.toString(point.longitude()));
                yield query;
            }
            case ZoneLocator.Postcode postcode -> throw new IllegalStateException("checked at start-up: " + postcode);
        };
    }
}
