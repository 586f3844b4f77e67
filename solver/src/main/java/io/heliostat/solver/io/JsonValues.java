package io.heliostat.solver.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lenient reads of JSON values. The schema has already reported every value of the wrong type, so these
 * fall back to the default instead of failing again: the reader carries on to find the file's other errors
 * and never builds a plan from a file with errors.
 */
final class JsonValues {

    private JsonValues() {
    }

    static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    static String textOr(JsonNode node, String fallback) {
        return node.isTextual() ? node.textValue() : fallback;
    }

    static boolean isWholeNumber(JsonNode node) {
        return node.isNumber() && (node.isIntegralNumber() ? node.canConvertToInt() : node.asDouble() == Math.rint(node.asDouble())
                && Math.abs(node.asDouble()) <= Integer.MAX_VALUE);
    }

    static int intOr(JsonNode node, int fallback) {
        return isWholeNumber(node) ? (int) node.asDouble() : fallback;
    }

    static Optional<Integer> optionalInt(JsonNode node) {
        return isWholeNumber(node) ? Optional.of((int) node.asDouble()) : Optional.empty();
    }

    static double doubleOr(JsonNode node, double fallback) {
        return node.isNumber() ? node.asDouble() : fallback;
    }

    static boolean booleanOr(JsonNode node, boolean fallback) {
        return node.isBoolean() ? node.booleanValue() : fallback;
    }

    /** The array's elements, or none when the node is absent or not an array. */
    static List<JsonNode> elements(JsonNode node) {
        List<JsonNode> elements = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(elements::add);
        }
        return elements;
    }

    static List<String> strings(JsonNode node) {
        List<String> strings = new ArrayList<>();
        for (JsonNode element : elements(node)) {
            text(element).ifPresent(strings::add);
        }
        return strings;
    }

    static Set<String> stringSet(JsonNode node) {
        return new LinkedHashSet<>(strings(node));
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(entry -> text(entry.getValue()).ifPresent(value -> map.put(entry.getKey(), value)));
        }
        return map;
    }
}
