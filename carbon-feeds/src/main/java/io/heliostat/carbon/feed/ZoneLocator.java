package io.heliostat.carbon.feed;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a provider should read a zone's intensity: by the provider's own zone or region code, a cloud region, a UK
 * postcode's outward code, or a point. Each provider says which of these it can use (see
 * {@link ZoneReader#check}); the rest fail at start-up naming the zone.
 */
public sealed interface ZoneLocator {

    /** The provider's own name for a zone or region: {@code DE} (Electricity Maps), {@code CAISO_NORTH} (WattTime), {@code 3} (NESO). */
    record Code(String code) implements ZoneLocator {
        public Code {
            requireText(code, "code");
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /** A cloud provider's region, such as {@code aws/eu-west-1}, placed by {@link CloudRegions}. */
    record CloudRegion(String id) implements ZoneLocator {
        public CloudRegion {
            requireText(id, "id");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A UK postcode's outward code, such as {@code RG10}: NESO maps it to its region. */
    record Postcode(String outwardCode) implements ZoneLocator {
        private static final Pattern OUTWARD = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");

        public Postcode {
            requireText(outwardCode, "outwardCode");
            outwardCode = outwardCode.toUpperCase(Locale.ROOT);
            if (!OUTWARD.matcher(outwardCode).matches()) {
                throw new IllegalArgumentException("'" + outwardCode + "' is not a UK postcode's outward code such as RG10 or SW1A");
            }
        }

        @Override
        public String toString() {
            return "postcode:" + outwardCode;
        }
    }

    /** A place, such as an edge site, in decimal degrees. */
    record Point(double latitude, double longitude) implements ZoneLocator {
        public Point {
            if (!(latitude >= -90 && latitude <= 90)) {
                throw new IllegalArgumentException("latitude must be between -90 and 90, was " + latitude);
            }
            if (!(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("longitude must be between -180 and 180, was " + longitude);
            }
        }

        @Override
        public String toString() {
            return "@" + latitude + "," + longitude;
        }
    }

    /**
     * Reads a locator as configured: {@code @52.52,13.40} is a point, {@code postcode:RG10} a UK outward code,
     * {@code aws/…}, {@code gcp/…} or {@code azure/…} a cloud region, anything else the provider's own code.
     */
    static ZoneLocator parse(String text) {
        String value = text.trim();
        if (value.startsWith("@")) {
            String[] parts = value.substring(1).split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + value + "' is not a point; write @latitude,longitude such as @52.52,13.40");
            }
            try {
                return new Point(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is not a point; write @latitude,longitude such as @52.52,13.40");
            }
        }
        if (value.regionMatches(true, 0, "postcode:", 0, "postcode:".length())) {
            return new Postcode(value.substring("postcode:".length()));
        }
        if (CloudRegions.isCloudRegion(value)) {
            return new CloudRegion(value);
        }
        return new Code(value);
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
