package io.heliostat.controller.placement;

import java.util.ArrayList;
import java.util.Optional;

import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.api.policy.ObjectiveWeights;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;

/**
 * The sandbox runtime a placed workload runs in on a node, as the solver priced it there: the runtime the workload
 * names, else, of those the node offers that the workload's sandbox and its policy's hard rules accept, the one with
 * the highest utility {@code α·Security + β·Performance} under its policy's weights.
 */
public final class SandboxChoice {

    private final PlacementPolicies policies;

    public SandboxChoice(PlacementPolicies policies) {
        this.policies = policies;
    }

    /** Empty when the node offers no runtime the workload accepts (the policy changed since it was placed there). */
    public Optional<SandboxRuntime> on(WorkloadSpec spec, Node node) {
        PlacementPolicies.Named policy = policies.current(spec.policy());
        // A policy tightened since the placement may contradict the workload's own rule: the workload's then holds.
        SandboxRequirement requirement = PolicyRules.sandbox(WorkloadTranslation.sandbox(spec.sandbox()), policy.spec().hardRules(),
                policy.name(), new ArrayList<>());
        ObjectiveWeights weights = policy.spec().weights();
        return requirement.choose(node.runtimes(), weights.sandboxSecurityWeight(), weights.sandboxPerformanceWeight());
    }
}
