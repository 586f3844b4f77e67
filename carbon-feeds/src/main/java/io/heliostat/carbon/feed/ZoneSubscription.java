package io.heliostat.carbon.feed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One zone of the fleet that a provider feeds, and where the provider should read it. Signals carry {@code zone},
 * the name the fleet's clusters use, whatever the provider calls it.
 *
 * @param zone the fleet's zone, such as {@code ES} or {@code UK-SOUTH}
 * @param locator where the provider reads it
 */
public record ZoneSubscription(String zone, ZoneLocator locator) {

    private static final Pattern NUMBER = Pattern.compile("\\s*-?[0-9]+(\\.[0-9]+)?\\s*");

    public ZoneSubscription {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(locator, "locator");
        if (zone.isBlank()) {
            throw new IllegalArgumentException("zone must not be blank");
        }
    }

    /**
     * Reads a comma-separated list of {@code zone=locator} entries (see {@link ZoneLocator#parse}); an entry without
     * {@code =} names the provider's own zone code, or a known cloud region fed as its grid zone. Fails naming
     * {@code key} and the entry on anything else, and on a zone named twice.
     */
    public static List<ZoneSubscription> parseAll(String key, String text) {
        List<ZoneSubscription> subscriptions = new ArrayList<>();
        Set<String> zones = new HashSet<>();
        List<String> entries;
        try {
            entries = entries(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        for (String entry : entries) {
            ZoneSubscription subscription;
            try {
                subscription = parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": entry '" + entry + "': " + e.getMessage(), e);
            }
            if (!zones.add(subscription.zone())) {
                throw new IllegalArgumentException(key + ": zone " + subscription.zone() + " is named twice; a zone has one source");
            }
            subscriptions.add(subscription);
        }
        return List.copyOf(subscriptions);
    }

    private static ZoneSubscription parse(String entry) {
        int equals = entry.indexOf('=');
        if (equals >= 0) {
            return new ZoneSubscription(entry.substring(0, equals).trim(), ZoneLocator.parse(entry.substring(equals + 1)));
        }
        ZoneLocator locator = ZoneLocator.parse(entry);
        return switch (locator) {
            case ZoneLocator.Code code -> new ZoneSubscription(code.code(), code);
            case ZoneLocator.CloudRegion region -> new ZoneSubscription(CloudRegions.require(region.id()).gridZone(), region);
            case ZoneLocator.Postcode postcode -> throw new IllegalArgumentException(
                    "a postcode needs the zone it feeds, such as UK-SOUTH=" + postcode);
            case ZoneLocator.Point point -> throw new IllegalArgumentException(
                    "a point needs the zone it feeds, such as berlin-edge=" + point);
        };
    }

    /** Splits on commas, except the one inside a point ({@code @52.52,13.40}). */
    private static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!entries.isEmpty() && NUMBER.matcher(part).matches() && isOpenPoint(entries.getLast())) {
                entries.set(entries.size() - 1, entries.getLast() + "," + part.trim());
            } else if (!part.isBlank()) {
                entries.add(part.trim());
            } else {
                throw new IllegalArgumentException("an empty entry in '" + text + "'");
            }
        }
        return entries;
    }

    private static boolean isOpenPoint(String entry) {
        int at = entry.indexOf('@');
        return at >= 0 && entry.indexOf(',', at) < 0;
    }
}
