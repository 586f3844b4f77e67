package io.heliostat.solver.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gathers every error of one file, so that a reader can report them all at once and in the order they
 * appear in the document, whichever check (schema or semantic) found them.
 */
final class ErrorCollector {

    private record Entry(JsonPath path, String reason) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(JsonPath path, String reason) {
        entries.add(new Entry(path, reason));
    }

    /**
     * Adds an error unless one is already reported at the same place: a semantic check that trips over a
     * value the schema already rejected would only repeat it in other words.
     */
    void addUnlessReported(JsonPath path, String reason) {
        for (Entry entry : entries) {
            if (entry.path.equals(path)) {
                return;
            }
        }
        add(path, reason);
    }

    /** True when an error lies at {@code path} or inside it: the value there cannot be trusted. */
    boolean hasErrorsAt(JsonPath path) {
        for (Entry entry : entries) {
            if (entry.path.startsWith(path)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The errors in the order they were found. */
    List<FileError> inOrderFound() {
        return entries.stream().map(entry -> new FileError(entry.path.toString(), entry.reason)).distinct().toList();
    }

    /** The errors in document order (by where their path points in {@code root}). */
    List<FileError> sorted(JsonNode root) {
        Comparator<JsonPath> order = documentOrder(root);
        return entries.stream()
                .sorted(Comparator.comparing(Entry::path, order))
                .map(entry -> new FileError(entry.path.toString(), entry.reason))
                .distinct()
                .toList();
    }

    /** Orders paths as a reader meets them: fields in the order the file has them, array items by index. */
    private static Comparator<JsonPath> documentOrder(JsonNode root) {
        return (a, b) -> {
            JsonNode parent = root;
            int common = Math.min(a.segments().size(), b.segments().size());
            for (int i = 0; i < common; i++) {
                Object left = a.segments().get(i);
                Object right = b.segments().get(i);
                if (!left.equals(right)) {
                    if (left instanceof Integer l && right instanceof Integer r) {
                        return Integer.compare(l, r);
                    }
                    return Integer.compare(fieldPosition(parent, left), fieldPosition(parent, right));
                }
                parent = left instanceof Integer index ? parent.path(index) : parent.path((String) left);
            }
            return Integer.compare(a.segments().size(), b.segments().size());
        };
    }

    /** Position of a field in its object; fields the file lacks (a missing required one) come last. */
    private static int fieldPosition(JsonNode parent, Object segment) {
        if (segment instanceof String name && parent.isObject()) {
            int position = 0;
            for (Iterator<String> names = parent.fieldNames(); names.hasNext(); position++) {
                if (names.next().equals(name)) {
                    return position;
                }
            }
        }
        return Integer.MAX_VALUE;
    }
}
