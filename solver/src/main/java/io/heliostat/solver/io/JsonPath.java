package io.heliostat.solver.io;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where in a JSON document a value sits, written as a JSONPath such as {@code $.workloads[3].requests.cpu}:
 * the form every error of the file readers names, so that a user can find the value in an editor.
 *
 * @param segments field names ({@link String}) and array indexes ({@link Integer}) from the root
 */
record JsonPath(List<Object> segments) {

    static final JsonPath ROOT = new JsonPath(List.of());

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    JsonPath {
        segments = List.copyOf(segments);
    }

    JsonPath field(String name) {
        return append(name);
    }

    JsonPath index(int index) {
        return append(index);
    }

    private JsonPath append(Object segment) {
        List<Object> longer = new ArrayList<>(segments.size() + 1);
        longer.addAll(segments);
        longer.add(segment);
        return new JsonPath(longer);
    }

    boolean startsWith(JsonPath prefix) {
        return segments.size() >= prefix.segments.size() && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("$");
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (PLAIN_NAME.matcher((String) segment).matches()) {
                text.append('.').append(segment);
            } else {
                // Label keys such as heliostat.io/site need the bracket form to stay one segment.
                text.append("['").append(((String) segment).replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return text.toString();
    }
}
