package io.heliostat.controller.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.heliostat.api.FieldError;

/**
 * Collects what a document cannot be bound for, each at its field's path, and lets binding go on, so that one read
 * reports every unknown field and every value of the wrong type rather than the first. A value of the wrong type
 * binds as absent; the error already names it, so later checks on that field are not reported again. Public for
 * {@code heliostat validate}, which binds the specs of other resources the same way.
 */
public final class BindingProblems extends DeserializationProblemHandler {

    private final List<FieldError> errors = new ArrayList<>();

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Binding stopped at an error no handler method is asked about, such as 2.5 for a whole number. */
    public void failed(JsonMappingException e) {
        String reason = e.getOriginalMessage();
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            reason = "must be " + expected(mismatch.getTargetType())
                    + (e instanceof InvalidFormatException invalid ? ", was " + invalid.getValue() : "");
        }
        errors.add(new FieldError(path(e.getPath()), reason));
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String name) throws IOException {
        String known = deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted()
                .collect(Collectors.joining(", "));
        errors.add(new FieldError(path(parser.getParsingContext()), "is not a field here; the fields are " + known));
        parser.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext context, Class<?> type, String value, String failure)
            throws IOException {
        return wrongType(context.getParser(), type, "'" + value + "'");
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext context, Class<?> type, Number value, String failure)
            throws IOException {
        return wrongType(context.getParser(), type, value.toString());
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext context, JavaType type, JsonToken token, JsonParser parser,
                                        String failure) throws IOException {
        return wrongType(parser, type.getRawClass(), describe(token, parser));
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext context, Class<?> type, ValueInstantiator instantiator,
                                            JsonParser parser, String failure) throws IOException {
        return wrongType(parser, type, describe(parser.currentToken(), parser));
    }

    private Object wrongType(JsonParser parser, Class<?> type, String was) throws IOException {
        errors.add(new FieldError(path(parser.getParsingContext()), "must be " + expected(type) + ", was " + was));
        parser.skipChildren();
        return null;
    }

    /** What a user would call a value of the type: the document's types are records, lists, maps and scalars. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : "a mapping of fields";
    }

    private static String describe(JsonToken token, JsonParser parser) throws IOException {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_NULL -> "empty";
            case VALUE_STRING -> "'" + parser.getText() + "'";
            default -> parser.getText();
        };
    }

    /** The Validator's path of the value the parser is on: object fields joined by '.', list items as [i]. */
    private static String path(JsonStreamContext context) {
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext at = context; at != null; at = at.getParent()) {
            if (at.inObject() && at.hasCurrentName()) {
                segments.add(0, "." + at.getCurrentName());
            } else if (at.inArray() && at.hasCurrentIndex()) {
                segments.add(0, "[" + at.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** The same path from a binding exception's references. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
