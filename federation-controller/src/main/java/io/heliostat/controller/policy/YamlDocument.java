package io.heliostat.controller.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.heliostat.api.FieldError;

/**
 * One document of a YAML file: its tokens, to bind, and where in the file each field and list item starts. Binding
 * and validation find errors by field path, after the parser has moved on (and a JsonNode tree or a TokenBuffer
 * forgets the source's lines), so the locations are taken while the document is read, keyed by the paths that
 * {@link io.heliostat.api.Validator} writes: {@code spec.weights.carbon}, {@code spec.tolerations[0].key}. Public for
 * {@code heliostat validate}, which reads files of many kinds of documents the same way.
 */
public final class YamlDocument {

    private final TokenBuffer tokens;
    private final Map<String, JsonLocation> locations = new HashMap<>();
    private final List<FieldError> duplicates = new ArrayList<>();

    private YamlDocument() {
        // Not TokenBuffer(parser): that would nest the buffer's paths under the YAML parser's context.
        this.tokens = new TokenBuffer(null, false);
    }

    /** Reads the document whose first token is the parser's current one, leaving the parser on its last token. */
    public static YamlDocument read(JsonParser parser) throws IOException {
        YamlDocument document = new YamlDocument();
        document.mark("", parser.currentTokenLocation());
        document.copy(parser, "");
        return document;
    }

    /** True for an empty document, such as the one after a trailing {@code ---}. */
    public boolean isEmpty() {
        return tokens.firstToken() == JsonToken.VALUE_NULL;
    }

    /** The document's tokens, to bind; each call starts from the first. */
    public JsonParser tokens() {
        return tokens.asParser();
    }

    /** Keys given twice in one mapping, each error at the later one. */
    public List<FieldError> duplicates() {
        return List.copyOf(duplicates);
    }

    /**
     * Where the field starts, or for a field the document lacks (a required one left out), where the nearest
     * enclosing field that it has starts; the document itself is {@code ""}.
     */
    public JsonLocation locate(String field) {
        String path = field;
        while (!locations.containsKey(path)) {
            path = parent(path);
        }
        return locations.get(path);
    }

    private static String parent(String path) {
        int end = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return end < 0 ? "" : path.substring(0, end);
    }

    private void copy(JsonParser parser, String path) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                tokens.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String field = path.isEmpty() ? name : path + "." + name;
                    mark(field, parser.currentTokenLocation());
                    tokens.writeFieldName(name);
                    parser.nextToken();
                    copy(parser, field);
                }
                tokens.writeEndObject();
            }
            case START_ARRAY -> {
                tokens.writeStartArray();
                for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
                    String item = path + "[" + index + "]";
                    mark(item, parser.currentTokenLocation());
                    copy(parser, item);
                }
                tokens.writeEndArray();
            }
            default -> tokens.copyCurrentEvent(parser);
        }
    }

    private void mark(String path, JsonLocation location) {
        JsonLocation earlier = locations.put(path, location);
        if (earlier != null) {
            duplicates.add(new FieldError(path, "is given twice, here and on line " + earlier.getLineNr() + "; keep one"));
        }
    }
}
