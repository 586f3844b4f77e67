package io.heliostat.solver.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A workload to place: its per-replica request and the hard rules every replica must obey. A service
 * runs for the whole horizon; a deferrable job runs {@code durationSlots} starting no earlier than
 * {@code releaseSlot} and must finish by {@code deadlineSlot} (exclusive end slot).
 *
 * @param residency jurisdiction tags the workload may run under; empty allows any
 * @param latencySloMs the most RTT its users may see; 0 when it has no SLO
 * @param colocateWith workloads that must have a replica in the same latency domain as each replica of this one
 * @param policy the policy that prices this workload's replicas (carbon, energy, latency, migration and its mode,
 *               PreferNoSchedule taints, sandbox choice); empty for the plan's. What no one replica owns (a node's
 *               idle draw, its headroom) is always priced by the plan's policy.
 */
public record Workload(String id, String tenant, WorkloadKind kind, Resources request, int replicas,
                       Map<String, String> nodeSelector, List<Toleration> tolerations, SandboxRequirement sandbox,
                       Set<String> residency, Optional<UserLocation> userLocation, int latencySloMs,
                       Optional<Spread> spread, boolean antiAffinity, List<String> colocateWith,
                       int durationSlots, int releaseSlot, int deadlineSlot, Optional<PlacementPolicy> policy) {

    public Workload {
        Objects.requireNonNull(id, "id");
        tenant = tenant == null ? "" : tenant;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(request, "request");
        if (replicas < 1) {
            throw new IllegalArgumentException("workload " + id + ": replicas must be >= 1, was " + replicas);
        }
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        Objects.requireNonNull(sandbox, "sandbox");
        residency = Set.copyOf(residency);
        Objects.requireNonNull(userLocation, "userLocation");
        if (latencySloMs < 0) {
            throw new IllegalArgumentException("workload " + id + ": latencySloMs must be >= 0, was " + latencySloMs);
        }
        if (latencySloMs > 0 && userLocation.isEmpty()) {
            throw new IllegalArgumentException("workload " + id + ": a latency SLO needs a user location");
        }
        Objects.requireNonNull(spread, "spread");
        colocateWith = List.copyOf(colocateWith);
        if (durationSlots < 1) {
            throw new IllegalArgumentException("workload " + id + ": durationSlots must be >= 1, was " + durationSlots);
        }
        if (releaseSlot < 0 || releaseSlot + durationSlots > deadlineSlot) {
            throw new IllegalArgumentException("workload " + id + ": needs releaseSlot (" + releaseSlot + ") + durationSlots ("
                    + durationSlots + ") <= deadlineSlot (" + deadlineSlot + ")");
        }
        Objects.requireNonNull(policy, "policy");
    }

    /** A workload priced by the plan's policy. */
    public Workload(String id, String tenant, WorkloadKind kind, Resources request, int replicas,
                    Map<String, String> nodeSelector, List<Toleration> tolerations, SandboxRequirement sandbox,
                    Set<String> residency, Optional<UserLocation> userLocation, int latencySloMs,
                    Optional<Spread> spread, boolean antiAffinity, List<String> colocateWith,
                    int durationSlots, int releaseSlot, int deadlineSlot) {
        this(id, tenant, kind, request, replicas, nodeSelector, tolerations, sandbox, residency, userLocation, latencySloMs,
                spread, antiAffinity, colocateWith, durationSlots, releaseSlot, deadlineSlot, Optional.empty());
    }

    /**
     * This workload priced by {@code policy} rather than the plan's: a new workload (workloads are facts with
     * identity), so give it its policy before it goes into a plan.
     */
    public Workload withPolicy(PlacementPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new Workload(id, tenant, kind, request, replicas, nodeSelector, tolerations, sandbox, residency, userLocation,
                latencySloMs, spread, antiAffinity, colocateWith, durationSlots, releaseSlot, deadlineSlot, Optional.of(policy));
    }

    /** The policy that prices this workload's replicas in a plan whose policy is {@code planPolicy}. */
    public PlacementPolicy policyOr(PlacementPolicy planPolicy) {
        return policy.orElse(planPolicy);
    }

    public boolean deferrable() {
        return releaseSlot + durationSlots < deadlineSlot;
    }

    public int rttMs(Cluster cluster) {
        // Not Optional.map: this runs for every candidate node of every decision, and boxing the RTT showed up.
        return userLocation.isPresent() ? userLocation.get().rttMs(cluster) : 0;
    }

    public boolean hasLatencySlo() {
        return latencySloMs > 0;
    }

    // Identity semantics: workloads are facts with unique ids, joined on in several constraints.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return id;
    }
}
