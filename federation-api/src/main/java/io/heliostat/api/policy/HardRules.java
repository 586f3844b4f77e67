package io.heliostat.api.policy;

import java.util.List;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import io.heliostat.api.Copies;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.SpreadSpec;

/**
 * Rules that every workload under the policy must keep, on top of its own: where a workload states the same rule,
 * the stricter of the two holds.
 *
 * @param residency       jurisdictions workloads may run in (zone ids or tags such as EU); empty allows any
 * @param allowedRuntimes sandbox runtimes workloads may run in: runc, gvisor, kata, firecracker, wasm; empty
 *                        allows any
 * @param minIsolation    the weakest isolation a workload may get: container &lt; user-space-kernel &lt; micro-vm; default
 *                        container, which every runtime gives
 * @param spread          spread each workload's replicas over at least this many nodes, clusters or regions;
 *                        absent for no spread rule
 */
@ValidationRule(value = HardRules.MICRO_VM_RULE, message = HardRules.MICRO_VM_MESSAGE)
@ValidationRule(value = "!has(self.allowedRuntimes) || self.allowedRuntimes.all(r, r in ['runc', 'gvisor', 'kata', 'firecracker', 'wasm'])",
        message = "allowedRuntimes may hold runc, gvisor, kata, firecracker and wasm")
public record HardRules(@Size(max = MAX_RESIDENCY) List<String> residency, @Size(max = 5) List<String> allowedRuntimes,
                        @Pattern("^(container|user-space-kernel|micro-vm)$") String minIsolation, SpreadSpec spread)
        implements Validated {

    public static final String DEFAULT_MIN_ISOLATION = "container";
    /**
     * Bounds the schema puts on lists and maps, as CEL rules need them: without them the API server reckons a rule's
     * cost on a list as long as a request can carry, and refuses the CRD.
     */
    public static final long MAX_RESIDENCY = 64;
    /** Micro-VM isolation needs a micro-VM runtime among those allowed: otherwise no workload could ever be placed. */
    static final String MICRO_VM_RULE = "!has(self.minIsolation) || self.minIsolation != 'micro-vm' || !has(self.allowedRuntimes)"
            + " || size(self.allowedRuntimes) == 0 || self.allowedRuntimes.exists(r, r in ['kata', 'firecracker'])";
    static final String MICRO_VM_MESSAGE = "minIsolation micro-vm needs kata or firecracker among allowedRuntimes";
    private static final List<String> MICRO_VM_RUNTIMES = List.of("kata", "firecracker");

    public HardRules {
        residency = Copies.list(residency);
        allowedRuntimes = Copies.list(allowedRuntimes);
        minIsolation = minIsolation == null ? DEFAULT_MIN_ISOLATION : minIsolation;
    }

    public static HardRules ofDefaults() {
        return new HardRules(null, null, null, null);
    }

    @Override
    public void validate(Validator validator) {
        validator.ids("residency", residency);
        for (int i = 0; i < allowedRuntimes.size(); i++) {
            Validator runtime = validator.at("allowedRuntimes", i);
            if (runtime.required("", allowedRuntimes.get(i))) {
                runtime.oneOf("", allowedRuntimes.get(i), NodeReport.RUNTIMES);
            }
        }
        validator.oneOf("minIsolation", minIsolation, SandboxSpec.ISOLATION_LEVELS);
        if (minIsolation.equals("micro-vm") && !allowedRuntimes.isEmpty()
                && allowedRuntimes.stream().noneMatch(MICRO_VM_RUNTIMES::contains)) {
            validator.reject("minIsolation", MICRO_VM_MESSAGE + ", was " + allowedRuntimes);
        }
        if (spread != null) {
            spread.validate(validator.at("spread"));
        }
    }
}
