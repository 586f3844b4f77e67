package io.heliostat.solver.domain;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * What sandbox a workload needs: a WASM module needs the WASM runtime; a container image needs a
 * container runtime whose isolation is at least {@code minIsolation}, or exactly {@code runtime} when named.
 * {@code allowed}, when not empty, narrows either to the runtimes an operator's policy permits.
 */
public record SandboxRequirement(boolean wasmModule, IsolationLevel minIsolation, Optional<SandboxRuntime> runtime,
                                 Set<SandboxRuntime> allowed) {

    public static final SandboxRequirement ANY_CONTAINER =
            new SandboxRequirement(false, IsolationLevel.CONTAINER, Optional.empty());

    public SandboxRequirement(boolean wasmModule, IsolationLevel minIsolation, Optional<SandboxRuntime> runtime) {
        this(wasmModule, minIsolation, runtime, Set.of());
    }

    public SandboxRequirement {
        allowed = Set.copyOf(allowed);
        if (runtime.isPresent() && !allowed.isEmpty() && !allowed.contains(runtime.get())) {
            throw new IllegalArgumentException("runtime " + runtime.get().id() + " is not among the allowed runtimes "
                    + allowed.stream().map(SandboxRuntime::id).sorted().toList());
        }
        if (runtime.isPresent() && runtime.get().runsWasm() != wasmModule) {
            throw new IllegalArgumentException("runtime " + runtime.get().id()
                    + (wasmModule ? " cannot run a WASM module" : " runs WASM modules only, not container images"));
        }
        if (runtime.isPresent() && !runtime.get().isolation().atLeast(minIsolation)) {
            throw new IllegalArgumentException("runtime " + runtime.get().id() + " gives isolation "
                    + runtime.get().isolation() + ", below the required " + minIsolation);
        }
    }

    public boolean acceptedBy(SandboxRuntime candidate) {
        if (!allowed.isEmpty() && !allowed.contains(candidate)) {
            return false;
        }
        if (runtime.isPresent()) {
            return runtime.get() == candidate;
        }
        return candidate.runsWasm() == wasmModule && candidate.isolation().atLeast(minIsolation);
    }

    /**
     * The runtime a node would use: of those it offers and this requirement accepts, the one with the
     * highest utility {@code α·Security + β·Performance}; empty when none is acceptable.
     */
    public Optional<SandboxRuntime> choose(Set<SandboxRuntime> offered, double securityWeight, double performanceWeight) {
        return offered.stream()
                .filter(this::acceptedBy)
                .max(Comparator.comparingDouble((SandboxRuntime s) -> securityWeight * s.security() + performanceWeight * s.performance())
                        .thenComparing(Comparator.reverseOrder()));
    }
}
