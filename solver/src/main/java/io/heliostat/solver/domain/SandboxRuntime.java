package io.heliostat.solver.domain;

import java.util.Locale;

/**
 * Sandbox runtimes a node can offer (the RuntimeClass handlers of a Kubernetes node). Security and
 * performance are relative scores in [0, 1] used by the sandbox utility
 * {@code U(s) = α·Security(s) + β·Performance(s)}.
 */
public enum SandboxRuntime {
    RUNC(IsolationLevel.CONTAINER, false, 0.30, 1.00),
    GVISOR(IsolationLevel.USER_SPACE_KERNEL, false, 0.70, 0.70),
    KATA(IsolationLevel.MICRO_VM, false, 0.90, 0.75),
    FIRECRACKER(IsolationLevel.MICRO_VM, false, 0.95, 0.80),
    /** Runs WebAssembly modules only; a container image cannot run on it. */
    WASM(IsolationLevel.USER_SPACE_KERNEL, true, 0.80, 0.90);

    private final IsolationLevel isolation;
    private final boolean wasm;
    private final double security;
    private final double performance;

    SandboxRuntime(IsolationLevel isolation, boolean wasm, double security, double performance) {
        this.isolation = isolation;
        this.wasm = wasm;
        this.security = security;
        this.performance = performance;
    }

    public IsolationLevel isolation() {
        return isolation;
    }

    /** True for the runtime that runs WebAssembly modules rather than container images. */
    public boolean runsWasm() {
        return wasm;
    }

    public double security() {
        return security;
    }

    public double performance() {
        return performance;
    }

    /** The lower-case name used in files and node labels, such as {@code gvisor}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SandboxRuntime fromId(String id) {
        for (SandboxRuntime runtime : values()) {
            if (runtime.id().equals(id)) {
                return runtime;
            }
        }
        throw new IllegalArgumentException("unknown sandbox runtime '" + id + "'; allowed: runc, gvisor, kata, firecracker, wasm");
    }
}
