package io.heliostat.solver.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload's toleration, as in Kubernetes. {@code Exists} matches any value; an empty key with
 * {@code Exists} tolerates every taint; an empty effect matches every effect.
 */
public record Toleration(String key, Operator operator, String value, Optional<TaintEffect> effect) {

    public enum Operator { EQUAL, EXISTS }

    public Toleration {
        key = key == null ? "" : key;
        Objects.requireNonNull(operator, "operator");
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "effect");
        if (key.isEmpty() && operator != Operator.EXISTS) {
            throw new IllegalArgumentException("a toleration with an empty key must use operator Exists");
        }
    }

    public boolean tolerates(Taint taint) {
        if (effect.isPresent() && effect.get() != taint.effect()) {
            return false;
        }
        if (key.isEmpty()) {
            return true;
        }
        if (!key.equals(taint.key())) {
            return false;
        }
        return operator == Operator.EXISTS || value.equals(taint.value());
    }

    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration toleration : tolerations) {
            if (toleration.tolerates(taint)) {
                return true;
            }
        }
        return false;
    }
}
