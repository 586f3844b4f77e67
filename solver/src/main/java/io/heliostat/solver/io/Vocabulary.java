package io.heliostat.solver.io;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.MigrationMode;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.WorkloadKind;

/**
 * The words the files use for the model's closed sets, in one place for the reader and the writer:
 * lower-case ids for Heliostat's own terms, Kubernetes' spelling (NoSchedule, Exists) for its terms.
 * The enums that already have file ids (sandbox runtime, taint effect, topology key) keep theirs.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose {@link #id} is {@code text}; empty for an unknown word (the schema reports it). */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    static String signal(SignalKind kind) {
        return id(kind);
    }

    static String clusterKind(ClusterKind kind) {
        return id(kind);
    }

    static String workloadKind(WorkloadKind kind) {
        return kind.id();
    }

    /** container, user-space-kernel, micro-vm. */
    static String isolation(IsolationLevel level) {
        return id(level);
    }

    /** penalise, pin. */
    static String migrationMode(MigrationMode mode) {
        return id(mode);
    }

    /** Equal, Exists, as in Kubernetes. */
    static String operator(Toleration.Operator operator) {
        return operator == Toleration.Operator.EQUAL ? "Equal" : "Exists";
    }

    /** NoSchedule, NoExecute, PreferNoSchedule; empty for another word (the schema reports it). */
    static Optional<TaintEffect> taintEffect(String text) {
        return known(TaintEffect::fromId, text);
    }

    /** runc, gvisor, kata, firecracker, wasm; empty for another word (the schema reports it). */
    static Optional<SandboxRuntime> sandboxRuntime(String text) {
        return known(SandboxRuntime::fromId, text);
    }

    private static <T> Optional<T> known(Function<String, T> fromId, String text) {
        try {
            return Optional.of(fromId.apply(text));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    static Optional<Toleration.Operator> parseOperator(String text) {
        return switch (text) {
            case "Equal" -> Optional.of(Toleration.Operator.EQUAL);
            case "Exists" -> Optional.of(Toleration.Operator.EXISTS);
            default -> Optional.empty();
        };
    }
}
