package io.heliostat.api;

import java.util.Objects;

/**
 * One thing wrong with a document: the field, as a JSON-pointer-like path such as {@code requests.cpu} or
 * {@code taints[2].effect}, and what is allowed there.
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
