package io.heliostat.api.placement;

import java.util.List;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeReport;

/**
 * How the workload must be isolated: a minimum isolation level (container &lt; gvisor &lt; micro-vm), or one
 * runtime by name; {@code wasm: true} for a WebAssembly module, which only a WASM runtime can run.
 */
public record SandboxSpec(String minIsolation, String runtime, Boolean wasm) implements Validated {

    public static final List<String> ISOLATION_LEVELS = List.of("container", "gvisor", "micro-vm");

    @Override
    public void validate(Validator validator) {
        validator.oneOf("minIsolation", minIsolation, ISOLATION_LEVELS);
        validator.oneOf("runtime", runtime, NodeReport.RUNTIMES);
        boolean wasmModule = Boolean.TRUE.equals(wasm);
        if (runtime != null && wasmModule != runtime.equals("wasm")) {
            validator.reject("runtime", wasmModule ? "must be wasm for a WASM module, was '" + runtime + "'"
                    : "wasm runs WASM modules only; set wasm: true, or choose a container runtime");
        }
    }
}
