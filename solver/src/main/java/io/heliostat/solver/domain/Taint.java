package io.heliostat.solver.domain;

import java.util.Objects;

/** A node taint, as in Kubernetes: {@code key=value:Effect}. The value may be empty. */
public record Taint(String key, String value, TaintEffect effect) {

    public Taint {
        Objects.requireNonNull(key, "key");
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "effect");
    }

    @Override
    public String toString() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect.id();
    }
}
