package io.heliostat.controller.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.heliostat.api.FieldError;
import io.heliostat.api.Validated;

/**
 * Reads a request body into an API type and checks it: malformed JSON, a field of the wrong type, an unknown
 * field and every rule the type's {@code validate()} knows all come back as one 400 naming each field.
 */
public final class JsonBodies {

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    public <T extends Validated> T read(byte[] body, Class<T> type, String what) {
        T value = parse(body, type, what, "a JSON object");
        reject(what, value.validate());
        return value;
    }

    /**
     * Reads a JSON object into an API type without its {@code validate()}: for a body the server completes before
     * it checks it (with {@link #reject}), such as a command whose id and sequence the controller assigns.
     */
    public <T> T readUnchecked(byte[] body, Class<T> type, String what) {
        return parse(body, type, what, "a JSON object");
    }

    /**
     * A JSON array of documents, each checked; the errors of element 3 are named {@code [3].field}. At most
     * {@code limit} elements, so that one request cannot hold a member up.
     */
    public <T extends Validated> List<T> readAll(byte[] body, Class<T> type, String what, int limit) {
        @SuppressWarnings("unchecked")
        T[] values = parse(body, (Class<T[]>) java.lang.reflect.Array.newInstance(type, 0).getClass(), what, "a JSON array");
        if (values.length > limit) {
            throw ApiProblem.invalid(what + " has " + values.length + " elements",
                    List.of(new FieldError("(body)", "must have at most " + limit + " elements")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                errors.add(new FieldError("[" + i + "]", "must be a JSON object"));
                continue;
            }
            for (FieldError error : values[i].validate()) {
                errors.add(new FieldError("[" + i + "]" + (error.field().equals("(body)") ? "" : "." + error.field()), error.message()));
            }
        }
        reject(what, errors);
        return List.of(values);
    }

    private <T> T parse(byte[] body, Class<T> type, String what, String shape) {
        if (body == null || body.length == 0) {
            throw ApiProblem.invalid(what + " body is empty", List.of(new FieldError("(body)", "must be " + shape)));
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JsonMappingException e) {
            throw ApiProblem.invalid(what + " has a field of the wrong shape", List.of(fieldError(e)));
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid(what + " is not valid JSON: " + e.getOriginalMessage() + where(e.getLocation()),
                    List.of(new FieldError("(body)", "must be valid JSON")));
        } catch (IOException e) {
            throw ApiProblem.invalid(what + " could not be read: " + e.getMessage(), List.of());
        }
        if (value == null) {
            throw ApiProblem.invalid(what + " body is null", List.of(new FieldError("(body)", "must be " + shape)));
        }
        return value;
    }

    /** 400 naming every field in {@code errors}, if there is any. */
    public static void reject(String what, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(what + " has " + errors.size() + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
    }

    private static FieldError fieldError(JsonMappingException e) {
        String field = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            known.sort(null);
            return new FieldError(field, "is not a known field; known fields here: " + String.join(", ", known));
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return typeIdError(typeId);
        }
        if (e instanceof InvalidFormatException format) {
            return new FieldError(field, "must be " + describe(format.getTargetType()) + ", was '" + format.getValue() + "'");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldError(field, "must be " + describe(mismatch.getTargetType()));
        }
        return new FieldError(field, e.getOriginalMessage());
    }

    /** A polymorphic document (such as a node command) of a kind that is unknown or not given: names the kinds known. */
    private static FieldError typeIdError(InvalidTypeIdException e) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        JsonSubTypes subTypes = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        if (info == null || subTypes == null) {
            return new FieldError(path(e.getPath()), e.getOriginalMessage());
        }
        String prefix = path(e.getPath());
        String field = prefix.equals("(body)") ? info.property() : prefix + "." + info.property();
        String kinds = Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::name).collect(Collectors.joining(", "));
        return new FieldError(field, (e.getTypeId() == null ? "is required: " : "") + "must be one of " + kinds
                + (e.getTypeId() == null ? "" : ", was '" + e.getTypeId() + "'"));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        if (references.isEmpty()) {
            return "(body)";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.time.Instant.class.equals(type)) {
            return "an ISO-8601 instant such as 2026-11-22T10:00:00Z";
        }
        if (java.time.Duration.class.equals(type)) {
            return "an ISO-8601 duration such as PT2H";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
