package io.heliostat.controller.placement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.heliostat.api.FieldError;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.controller.policy.PolicyDirectory;
import io.heliostat.controller.policy.SolverPolicy;
import io.heliostat.solver.domain.PlacementPolicy;

/**
 * The placement policies in force, by name, as the policy directory gives them at this moment (an edited file counts
 * from the next placement, and from the next rebase for workloads already placed). The policy named
 * {@value #DEFAULT} weighs the plan as a whole and every workload that names no other.
 */
public final class PlacementPolicies {

    public static final String DEFAULT = PolicyDirectory.DEFAULT_POLICY;

    private final Supplier<Map<String, PlacementPolicySpec>> byName;

    public PlacementPolicies(Supplier<Map<String, PlacementPolicySpec>> byName) {
        this.byName = byName;
    }

    /** A policy with the name a workload knows it by. */
    public record Named(String name, PlacementPolicySpec spec) {

        public boolean isDefault() {
            return DEFAULT.equals(name);
        }

        public PlacementPolicy weights() {
            return SolverPolicy.weights(spec);
        }
    }

    /** The fleet's default policy: the document named {@value #DEFAULT}, or the built-in one. */
    public Named fleetDefault() {
        return new Named(DEFAULT, byName.get().getOrDefault(DEFAULT, PlacementPolicySpec.ofDefaults()));
    }

    /** The policy a placement request names ({@code null}: the default), or the field error that names what is in force. */
    Optional<Named> named(String name, List<FieldError> errors) {
        if (name == null || DEFAULT.equals(name)) {
            return Optional.of(fleetDefault());
        }
        Map<String, PlacementPolicySpec> policies = byName.get();
        PlacementPolicySpec spec = policies.get(name);
        if (spec == null) {
            errors.add(new FieldError("policy", "must name a policy in force, one of "
                    + policies.keySet().stream().sorted().toList() + " (or be absent for '" + DEFAULT + "'), was '" + name + "'"));
            return Optional.empty();
        }
        return Optional.of(new Named(name, spec));
    }

    /**
     * The policy a placed workload is under now: the one it named, or the default when that one has been deleted since
     * (a rule the deleted policy added no longer holds for it).
     */
    public Named current(String name) {
        if (name == null) {
            return fleetDefault();
        }
        PlacementPolicySpec spec = byName.get().get(name);
        return spec == null ? fleetDefault() : new Named(name, spec);
    }
}
