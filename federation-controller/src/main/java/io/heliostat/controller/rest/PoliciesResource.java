package io.heliostat.controller.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.controller.policy.PolicySource;

/** {@code /api/v1/policies}: the policies in force, and every problem of those that were rejected. */
public final class PoliciesResource {

    /** The policies by name, and the rejected policies' errors as {@code file:line:column: field: reason}. */
    public record PolicySet(Map<String, PlacementPolicySpec> policies, List<String> problems) {
    }

    private final PolicySource policies;

    public PoliciesResource(PolicySource policies) {
        this.policies = policies;
    }

    public ApiResponse list() {
        return ApiResponse.ok(new PolicySet(new TreeMap<>(policies.policies()),
                policies.problems().stream().map(Object::toString).toList()));
    }
}
