package io.heliostat.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only copies of a document's lists and maps that keep null entries, which {@code List.copyOf} and
 * {@code Map.copyOf} reject: an item left empty in YAML ({@code - } or {@code acme:}) must reach validation and be
 * reported at its path, not fail binding with a NullPointerException. Maps keep the document's order, so that
 * errors and normalised shares come out in the order the user wrote them.
 */
public final class Copies {

    private Copies() {
    }

    public static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
