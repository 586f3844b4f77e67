package io.heliostat.controller.placement;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.heliostat.solver.domain.Resources;

/**
 * What the live plan's workloads count toward their policies' rules: the policies that have workloads (whose
 * re-optimisation triggers then apply), and what each tenant's placed replicas request of the fleet's CPU and memory,
 * for the rule by which a policy's tenant shares admit new work: tenant t may request up to {@code share(t) / Σ shares} of the
 * Ready nodes' CPU and of their memory, so that the room of a quiet tenant is there when it comes back. Nothing
 * borrows it meanwhile: without preemption to take borrowed room back, a loan could not be recalled. A tenant the
 * shares do not name has no room under the policy.
 */
final class PolicyLedger {

    /** A workload's count: its policy and tenant, and the CPU (millicores) and memory (MiB) its placed replicas request. */
    private record Use(String policy, String tenant, long cpuMillis, long memoryMiB) {
    }

    private final Map<String, Use> byWorkload = new HashMap<>();
    /** Per policy, each tenant's CPU and memory requested under it: shares divide the fleet among a policy's workloads. */
    private final Map<String, Map<String, long[]>> byPolicyAndTenant = new HashMap<>();
    private final Map<String, Integer> workloadsByPolicy = new HashMap<>();

    /** Counts a workload with {@code placedReplicas} of its replicas on nodes, replacing what was counted for it before. */
    void count(String workloadId, String policy, String tenant, Resources request, long placedReplicas) {
        forget(workloadId);
        Use use = new Use(policy, tenant, request.cpuMillis() * placedReplicas, request.memoryMiB() * placedReplicas);
        byWorkload.put(workloadId, use);
        workloadsByPolicy.merge(policy, 1, Integer::sum);
        long[] total = byPolicyAndTenant.computeIfAbsent(policy, p -> new HashMap<>()).computeIfAbsent(tenant, t -> new long[2]);
        total[0] += use.cpuMillis();
        total[1] += use.memoryMiB();
    }

    void forget(String workloadId) {
        Use use = byWorkload.remove(workloadId);
        if (use != null) {
            workloadsByPolicy.computeIfPresent(use.policy(), (policy, count) -> count == 1 ? null : count - 1);
            long[] total = byPolicyAndTenant.get(use.policy()).get(use.tenant());
            total[0] -= use.cpuMillis();
            total[1] -= use.memoryMiB();
        }
    }

    void clear() {
        byWorkload.clear();
        byPolicyAndTenant.clear();
        workloadsByPolicy.clear();
    }

    /** The policies at least one workload of the live plan is under. */
    Set<String> policiesInUse() {
        return Set.copyOf(workloadsByPolicy.keySet());
    }

    /**
     * Why {@code tenant} may not place {@code cpuMillis} and {@code memoryMiB} more under {@code policy}, whose
     * {@code shares} (each named tenant's fraction, summing to 1) divide a fleet of {@code capacity}; empty when it may.
     * What the tenant placed under other policies does not count. No shares, no rule.
     */
    Optional<String> tenantRefusal(String policy, String tenant, long cpuMillis, long memoryMiB, Map<String, Double> shares,
                                   Resources capacity) {
        if (shares.isEmpty()) {
            return Optional.empty();
        }
        if (!shares.containsKey(tenant)) {
            return Optional.of("the policy shares the fleet among tenants " + shares.keySet().stream().sorted().toList()
                    + " and gives " + (tenant.isEmpty() ? "workloads without a tenant" : "tenant '" + tenant + "'") + " no share");
        }
        long[] used = byPolicyAndTenant.getOrDefault(policy, Map.of()).getOrDefault(tenant, new long[2]);
        double share = shares.get(tenant);
        long[] asked = {cpuMillis, memoryMiB};
        long[] fleet = {capacity.cpuMillis(), capacity.memoryMiB()};
        for (int r = 0; r < 2; r++) {
            if (used[r] + asked[r] > share * fleet[r]) {
                String unit = r == 0 ? " millicores of CPU" : " MiB of memory";
                return Optional.of("tenant '" + tenant + "' would request " + (used[r] + asked[r]) + unit + " in all, more than its share of "
                        + Math.round(share * 100) + "% of the Ready nodes' " + fleet[r] + " (" + Math.round(Math.floor(share * fleet[r])) + ")");
            }
        }
        return Optional.empty();
    }
}
