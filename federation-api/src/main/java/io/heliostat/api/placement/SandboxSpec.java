package io.heliostat.api.placement;

import java.util.List;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeReport;

/**
 * How the workload must be isolated, in the problem file's words: a minimum isolation level (container &lt;
 * user-space-kernel, as gVisor or a WASM runtime &lt; micro-vm, as Kata or Firecracker), or one runtime by name;
 * {@code wasmModule: true} for a WebAssembly module, which only a WASM runtime can run.
 */
@ValidationRule(value = "has(self.runtime) ? (self.runtime == 'wasm') == (has(self.wasmModule) && self.wasmModule) : true",
        message = "runtime wasm goes with wasmModule: true, and only with it")
public record SandboxSpec(@Pattern("^(container|user-space-kernel|micro-vm)$") String minIsolation,
                          @Pattern("^(runc|gvisor|kata|firecracker|wasm)$") String runtime, Boolean wasmModule)
        implements Validated {

    /** Weakest first. */
    public static final List<String> ISOLATION_LEVELS = List.of("container", "user-space-kernel", "micro-vm");

    @Override
    public void validate(Validator validator) {
        validator.oneOf("minIsolation", minIsolation, ISOLATION_LEVELS);
        validator.oneOf("runtime", runtime, NodeReport.RUNTIMES);
        boolean isModule = Boolean.TRUE.equals(wasmModule);
        if (runtime != null && isModule != runtime.equals("wasm")) {
            validator.reject("runtime", isModule ? "must be wasm for a WASM module, was '" + runtime + "'"
                    : "wasm runs WASM modules only; set wasmModule: true, or choose a container runtime");
        }
    }
}
