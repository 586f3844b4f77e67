package io.heliostat.solver.domain;

/** How strongly a sandbox separates a workload from the host kernel, weakest first. */
public enum IsolationLevel {
    /** Namespaces and cgroups on the shared host kernel (runc). */
    CONTAINER,
    /** A user-space kernel intercepts system calls (gVisor), or a WASM runtime with no host syscalls. */
    USER_SPACE_KERNEL,
    /** A lightweight virtual machine with its own guest kernel (Kata Containers, Firecracker). */
    MICRO_VM;

    public boolean atLeast(IsolationLevel other) {
        return compareTo(other) >= 0;
    }
}
