package io.heliostat.controller.placement;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.heliostat.api.FieldError;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.policy.HardRules;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.controller.policy.SolverPolicy;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.Zone;

/**
 * What a placement policy adds to each workload under it: the prices of its replicas' costs (carbon, energy, latency,
 * migration), its residency, allowed runtimes, minimum isolation and spread, and the taints it tolerates; and the kind
 * of carbon signal it minimises, which must be the fleet's. Where the workload states the same rule, the stricter of the two
 * holds; where neither is stricter (two residencies that overlap, spreads over different domains), the request is
 * refused naming the field, rather than one of them silently winning.
 */
final class PolicyRules {

    private PolicyRules() {
    }

    /**
     * The workload's node selector with the policy's cluster selector: member nodes carry their cluster's labels, so
     * that a policy's choice of clusters is a choice of their nodes. A label both name with different values is refused.
     */
    static Map<String, String> nodeSelector(Map<String, String> own, Map<String, String> policy, String policyName,
                                            List<FieldError> errors) {
        Map<String, String> merged = new TreeMap<>(own);
        policy.forEach((key, value) -> {
            String mine = merged.putIfAbsent(key, value);
            if (mine != null && !mine.equals(value)) {
                errors.add(new FieldError("nodeSelector." + key, "must be '" + value + "' under policy '" + policyName
                        + "', whose clusterSelector requires it, was '" + mine + "'"));
            }
        });
        return merged;
    }

    /** The workload under {@code policy}, or the errors that say which of its rules the policy's contradict. */
    static WorkloadTranslation.Result apply(Workload own, PlacementPolicies.Named named, List<Cluster> clusters) {
        String policyName = named.name();
        PlacementPolicySpec policy = named.spec();
        List<FieldError> errors = new ArrayList<>();
        signalKind(policyName, policy, clusters, errors);
        HardRules rules = policy.hardRules();
        Set<String> residency = residency(own.residency(), rules.residency(), policyName, clusters, errors);
        SandboxRequirement sandbox = sandbox(own.sandbox(), rules, policyName, errors);
        Optional<Spread> spread = spread(own.spread(), rules, policyName, errors);
        Map<String, String> nodeSelector = nodeSelector(own.nodeSelector(), policy.clusterSelector(), policyName, errors);
        if (!errors.isEmpty()) {
            return new WorkloadTranslation.Result(Optional.empty(), errors);
        }
        List<Toleration> tolerations = new ArrayList<>(own.tolerations());
        policy.tolerations().stream().map(WorkloadTranslation::toleration).forEach(tolerations::add);
        Workload ruled = new Workload(own.id(), own.tenant(), own.kind(), own.request(), own.replicas(), nodeSelector,
                tolerations, sandbox, residency, own.userLocation(), own.latencySloMs(), spread, own.antiAffinity(), own.colocateWith(),
                own.durationSlots(), own.releaseSlot(), own.deadlineSlot());
        // The default policy prices the plan itself; any other prices its own workloads' replicas.
        return new WorkloadTranslation.Result(Optional.of(named.isDefault() ? ruled : ruled.withPolicy(named.weights())), List.of());
    }

    /** Average and marginal intensities answer different questions: one plan never weighs workloads by both. */
    private static void signalKind(String policyName, PlacementPolicySpec policy, List<Cluster> clusters, List<FieldError> errors) {
        SignalKind wanted = SolverPolicy.signalKind(policy);
        // Asked of every placement: the list is made only for the error.
        if (clusters.stream().allMatch(cluster -> cluster.zone().signalKind() == wanted)) {
            return;
        }
        List<String> otherZones = clusters.stream().map(Cluster::zone).filter(zone -> zone.signalKind() != wanted)
                .map(Zone::id).distinct().sorted().toList();
        errors.add(new FieldError("policy", "names policy '" + policyName + "', which minimises " + policy.signalKind()
                + " carbon intensity, but the fleet's zones " + otherZones + " carry another kind of signal"));
    }

    /**
     * Jurisdictions that hold exactly the clusters both lists allow. A cluster carries tags (ES, EU); a list allows a
     * cluster carrying any of its tags. For nested jurisdictions (ES within EU) the narrower tags of either list
     * are the answer; for lists that overlap otherwise no single list says "both", and the request is refused.
     */
    private static Set<String> residency(Set<String> own, List<String> policy, String policyName, List<Cluster> clusters,
                                         List<FieldError> errors) {
        if (policy.isEmpty()) {
            return own;
        }
        Set<String> policyTags = new HashSet<>(policy);
        if (own.isEmpty()) {
            return policyTags;
        }
        Set<Cluster> allowedByBoth = clusters.stream()
                .filter(cluster -> cluster.satisfiesResidency(own) && cluster.satisfiesResidency(policyTags))
                .collect(Collectors.toSet());
        Set<String> both = new LinkedHashSet<>();
        for (String tag : union(own, policyTags)) {
            List<Cluster> carriers = clusters.stream().filter(cluster -> cluster.residency().contains(tag)).toList();
            if (!carriers.isEmpty() && allowedByBoth.containsAll(carriers)) {
                both.add(tag);
            }
        }
        Set<Cluster> allowedByTags = clusters.stream().filter(cluster -> cluster.satisfiesResidency(both)).collect(Collectors.toSet());
        if (allowedByBoth.isEmpty()) {
            errors.add(new FieldError("residency", "allows no cluster that policy '" + policyName + "' allows too: the policy keeps "
                    + "its workloads in " + policy.stream().sorted().toList() + ", the workload asks for " + own.stream().sorted().toList()));
        } else if (!allowedByTags.equals(allowedByBoth)) {
            errors.add(new FieldError("residency", "overlaps the residency of policy '" + policyName + "', " + policy.stream().sorted().toList()
                    + ", in a way no one list of jurisdictions states; name jurisdictions that satisfy both, among "
                    + allowedByBoth.stream().flatMap(cluster -> cluster.residency().stream()).distinct().sorted().toList()));
        }
        return both;
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> union = new LinkedHashSet<>(first);
        union.addAll(second);
        return union;
    }

    static SandboxRequirement sandbox(SandboxRequirement own, HardRules rules, String policyName, List<FieldError> errors) {
        IsolationLevel policyLevel = IsolationLevel.values()[SandboxSpec.ISOLATION_LEVELS.indexOf(rules.minIsolation())];
        Set<SandboxRuntime> allowed = rules.allowedRuntimes().isEmpty() ? EnumSet.noneOf(SandboxRuntime.class)
                : EnumSet.copyOf(rules.allowedRuntimes().stream().map(id -> SandboxRuntime.valueOf(id.toUpperCase(Locale.ROOT))).toList());
        IsolationLevel level = own.minIsolation().atLeast(policyLevel) ? own.minIsolation() : policyLevel;
        if (own.runtime().isPresent()) {
            SandboxRuntime runtime = own.runtime().get();
            if (!allowed.isEmpty() && !allowed.contains(runtime)) {
                errors.add(new FieldError("sandbox.runtime", "must be one that policy '" + policyName + "' allows, " + ids(allowed)
                        + ", was '" + runtime.id() + "'"));
            } else if (!runtime.isolation().atLeast(policyLevel)) {
                errors.add(new FieldError("sandbox.runtime", "must isolate at least as well as policy '" + policyName + "' requires ("
                        + rules.minIsolation() + "), was '" + runtime.id() + "'"));
            }
            return errors.isEmpty() ? new SandboxRequirement(own.wasmModule(), own.minIsolation(), own.runtime(), allowed) : own;
        }
        boolean anyFits = EnumSet.allOf(SandboxRuntime.class).stream()
                .anyMatch(runtime -> (allowed.isEmpty() || allowed.contains(runtime)) && runtime.runsWasm() == own.wasmModule()
                        && runtime.isolation().atLeast(level));
        if (!anyFits) {
            errors.add(new FieldError(own.wasmModule() ? "sandbox.wasmModule" : "sandbox.minIsolation", "leaves no runtime that policy '"
                    + policyName + "' allows (" + (allowed.isEmpty() ? "any" : ids(allowed)) + ", at least " + rules.minIsolation() + ")"));
            return own;
        }
        return new SandboxRequirement(own.wasmModule(), level, Optional.empty(), allowed);
    }

    private static List<String> ids(Set<SandboxRuntime> runtimes) {
        return runtimes.stream().map(SandboxRuntime::id).sorted().toList();
    }

    /**
     * A spread over k regions also spreads over k clusters and k nodes: one rule is the stricter when its domain is at
     * least as wide and it asks for at least as many.
     */
    private static Optional<Spread> spread(Optional<Spread> own, HardRules rules, String policyName, List<FieldError> errors) {
        if (rules.spread() == null) {
            return own;
        }
        Spread policy = new Spread(TopologyKey.fromId(rules.spread().topologyKey()), rules.spread().minDomains());
        if (own.isEmpty() || covers(policy, own.get())) {
            return Optional.of(policy);
        }
        if (!covers(own.get(), policy)) {
            errors.add(new FieldError("spread", "was over " + own.get().minDomains() + " " + own.get().topologyKey().id()
                    + "s and policy '" + policyName + "' spreads over " + policy.minDomains() + " " + policy.topologyKey().id()
                    + "s: neither implies the other; ask for at least as wide a domain and at least as many as both"));
        }
        return own;
    }

    private static boolean covers(Spread stricter, Spread other) {
        return stricter.topologyKey().compareTo(other.topologyKey()) >= 0 && stricter.minDomains() >= other.minDomains();
    }
}
