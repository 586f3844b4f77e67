package io.heliostat.carbon.feed.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.carbon.feed.ProviderException;

/**
 * Reading the fields of a provider's JSON body, each failure a {@link ProviderException.Rejected} that says which
 * field of which request was missing or wrong, so that nothing of a body that is not as documented gets ingested.
 */
public final class Bodies {

    private final String provider;
    private final String request;

    /** @param request what was asked, for messages: {@code GET carbon-intensity/latest?zone=DE} */
    public Bodies(String provider, String request) {
        this.provider = provider;
        this.request = request;
    }

    public JsonNode field(JsonNode node, String path) throws ProviderException.Rejected {
        JsonNode value = node == null ? null : node.get(path);
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw rejected("field " + path + " is missing");
        }
        return value;
    }

    public JsonNode array(JsonNode node, String path) throws ProviderException.Rejected {
        JsonNode value = field(node, path);
        if (!value.isArray()) {
            throw rejected("field " + path + " must be an array, was " + value.getNodeType());
        }
        return value;
    }

    public String text(JsonNode node, String path) throws ProviderException.Rejected {
        JsonNode value = field(node, path);
        if (!value.isValueNode()) {
            throw rejected("field " + path + " must be text, was " + value.getNodeType());
        }
        return value.asText();
    }

    /** A number >= 0: an intensity. */
    public double intensity(JsonNode node, String path) throws ProviderException.Rejected {
        JsonNode value = field(node, path);
        if (!value.isNumber() || !(value.asDouble() >= 0) || Double.isInfinite(value.asDouble())) {
            throw rejected("field " + path + " must be a number >= 0, was " + value);
        }
        return value.asDouble();
    }

    /** An ISO-8601 instant with an offset ({@code Z}, {@code +00:00}); minutes without seconds too ({@code 2018-01-20T12:00Z}). */
    public Instant instant(JsonNode node, String path) throws ProviderException.Rejected {
        String text = text(node, path);
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw rejected("field " + path + " must be an ISO-8601 time with an offset, was '" + text + "'");
        }
    }

    public ProviderException.Rejected rejected(String what) {
        return new ProviderException.Rejected(provider, request + ": " + what + "; nothing of it is ingested");
    }
}
