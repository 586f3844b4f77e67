package io.heliostat.solver.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Parsing, printing and atomic writing of the placement files' JSON. */
final class JsonFiles {

    /** Strict: a key given twice or text after the document is an error, not a silent last-one-wins. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Objects of scalars up to this width are printed on one line: a placement reads as one line. */
    private static final int INLINE_WIDTH = 120;

    private JsonFiles() {
    }

    static JsonNode parse(String content, String source) {
        try {
            return MAPPER.readTree(content);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new PlacementFileException(source, List.of(new FileError("$", "is not valid JSON: " + e.getOriginalMessage() + where)));
        }
    }

    /**
     * Two-space indented JSON in which arrays of numbers or strings and small objects of scalars stay on one
     * line, so that a zone's 24 intensities or a replica's placement read at a glance.
     */
    static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        print(node, 0, out);
        return out.append('\n').toString();
    }

    private static void print(JsonNode node, int indent, StringBuilder out) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            String inline = inlineObject(node);
            if (inline != null && indent + inline.length() <= INLINE_WIDTH) {
                out.append(inline);
                return;
            }
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(" ".repeat(indent + 2)).append(scalar(JsonNodeFactory.instance.textNode(field.getKey()))).append(": ");
                print(field.getValue(), indent + 2, out);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            out.append(" ".repeat(indent)).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            boolean scalars = true;
            for (JsonNode element : node) {
                scalars &= element.isValueNode();
            }
            if (scalars) {
                List<String> values = new ArrayList<>();
                node.forEach(element -> values.add(scalar(element)));
                out.append('[').append(String.join(", ", values)).append(']');
                return;
            }
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                out.append(" ".repeat(indent + 2));
                print(node.get(i), indent + 2, out);
                out.append(i < node.size() - 1 ? ",\n" : "\n");
            }
            out.append(" ".repeat(indent)).append(']');
        } else {
            out.append(scalar(node));
        }
    }

    private static String inlineObject(JsonNode node) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isValueNode()) {
                return null;
            }
            fields.add(scalar(JsonNodeFactory.instance.textNode(field.getKey())) + ": " + scalar(field.getValue()));
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private static String scalar(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something that writes a file's content and may fail half-way. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer writer) throws IOException;
    }

    /**
     * Writes {@code target} so that it is either its old self or complete: the content goes to a temporary
     * file in the same directory (a move across file systems is not atomic), is forced to disk, and is then
     * renamed over the target. On any failure the temporary file is removed and the target left untouched.
     */
    static void writeAtomically(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                content.writeTo(writer);
                writer.flush();
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, writer -> writer.write(content));
    }
}
