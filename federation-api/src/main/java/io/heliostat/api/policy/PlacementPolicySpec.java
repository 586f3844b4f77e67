package io.heliostat.api.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import io.heliostat.api.Copies;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.placement.TolerationSpec;

/**
 * What a placement policy says: how to weigh carbon against latency, energy, churn and headroom, the hard rules
 * every workload under it keeps, how tenants share the fleet, and when to re-optimise. The spec of a
 * {@code PlacementPolicy} document, whether it comes from a file in the policy directory or from a custom resource
 * on the hub cluster: both read this one type and validate it with {@link #validate()}.
 *
 * <p>Every field is optional and has a documented default, which the constructor fills in, so that a spec never
 * holds null (except {@code hardRules.spread}, absent for no spread rule). {@link #ofDefaults()} is the built-in
 * policy named {@code default}.
 *
 * @param weights         the prices of the soft costs, in grams of CO2e-equivalent
 * @param signalKind      which carbon intensity to minimise: average (Electricity Maps, NESO) or marginal (WattTime
 *                        MOER); default average. The two answer different questions and are never mixed
 * @param hardRules       rules every workload under the policy keeps
 * @param tenantShares    tenant id to share of the fleet: under the policy, tenant t may request up to
 *                        {@code share(t) / Σ shares} of the Ready nodes' CPU and of their memory
 *                        ({@link #normalisedTenantShares()}), so shares can be given in any unit, such as contracted
 *                        queries per second; a tenant not named gets no room; empty sets no limit
 * @param reoptimisation  when the whole fleet is re-optimised
 * @param migrationMode   penalise (moving a running replica costs {@code weights.migrationGramsPerMove}) or pin
 *                        (running replicas stay where they are; only new ones are placed); default penalise
 * @param staleSignal     what a zone's intensity is taken to be while its feed is stale: last-known (the last value
 *                        received), seasonal (the same hour on earlier days) or worst-case (the highest value seen
 *                        recently, which steers work away from zones nobody can vouch for); default last-known
 * @param clusterSelector labels a member cluster must have for the policy's workloads to go there; empty selects
 *                        every cluster
 * @param tolerations     taints of clusters and nodes that the policy's workloads tolerate, besides their own
 */
@ValidationRule(value = "!has(self.tenantShares) || self.tenantShares.all(t, self.tenantShares[t] > 0.0 && self.tenantShares[t] <= 1e9)",
        message = "every tenant share must be more than 0 and at most 1e9")
public record PlacementPolicySpec(ObjectiveWeights weights, @Pattern("^(average|marginal)$") String signalKind,
                                  HardRules hardRules, @Size(max = 1000) Map<String, Double> tenantShares,
                                  ReoptimisationSpec reoptimisation, @Pattern("^(penalise|pin)$") String migrationMode,
                                  @Pattern("^(last-known|seasonal|worst-case)$") String staleSignal,
                                  @Size(max = 64) Map<String, String> clusterSelector, @Size(max = 64) List<TolerationSpec> tolerations)
        implements Validated {

    public static final List<String> SIGNAL_KINDS = List.of("average", "marginal");
    public static final List<String> MIGRATION_MODES = List.of("penalise", "pin");
    public static final List<String> STALE_SIGNAL_FALLBACKS = List.of("last-known", "seasonal", "worst-case");
    public static final String DEFAULT_SIGNAL_KIND = "average";
    public static final String DEFAULT_MIGRATION_MODE = "penalise";
    public static final String DEFAULT_STALE_SIGNAL = "last-known";
    /** Room for shares in any unit up to a billion requests a second, and finite, so that they can be summed. */
    public static final double MAX_TENANT_SHARE = 1e9;

    public PlacementPolicySpec {
        weights = weights == null ? ObjectiveWeights.ofDefaults() : weights;
        signalKind = signalKind == null ? DEFAULT_SIGNAL_KIND : signalKind;
        hardRules = hardRules == null ? HardRules.ofDefaults() : hardRules;
        tenantShares = Copies.map(tenantShares);
        reoptimisation = reoptimisation == null ? ReoptimisationSpec.ofDefaults() : reoptimisation;
        migrationMode = migrationMode == null ? DEFAULT_MIGRATION_MODE : migrationMode;
        staleSignal = staleSignal == null ? DEFAULT_STALE_SIGNAL : staleSignal;
        clusterSelector = Copies.map(clusterSelector);
        tolerations = Copies.list(tolerations);
    }

    /** The built-in policy: every field at its default. */
    public static PlacementPolicySpec ofDefaults() {
        return new PlacementPolicySpec(null, null, null, null, null, null, null, null, null);
    }

    /** Each tenant's fraction of contended capacity, in the order the spec lists them; for a valid spec only. */
    public Map<String, Double> normalisedTenantShares() {
        double total = tenantShares.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> fractions = new LinkedHashMap<>();
        tenantShares.forEach((tenant, share) -> fractions.put(tenant, share / total));
        return Collections.unmodifiableMap(fractions);
    }

    @Override
    public void validate(Validator validator) {
        weights.validate(validator.at("weights"));
        validator.oneOf("signalKind", signalKind, SIGNAL_KINDS);
        hardRules.validate(validator.at("hardRules"));
        tenantShares.forEach((tenant, share) -> {
            Validator entry = validator.at("tenantShares", tenant);
            entry.id("", tenant);
            if (entry.required("", share)) {
                entry.rangeAbove("", share, 0, MAX_TENANT_SHARE);
            }
        });
        reoptimisation.validate(validator.at("reoptimisation"));
        validator.oneOf("migrationMode", migrationMode, MIGRATION_MODES);
        validator.oneOf("staleSignal", staleSignal, STALE_SIGNAL_FALLBACKS);
        validator.labels("clusterSelector", clusterSelector);
        for (int i = 0; i < tolerations.size(); i++) {
            Validator toleration = validator.at("tolerations", i);
            if (toleration.required("", tolerations.get(i))) {
                tolerations.get(i).validate(toleration);
            }
        }
    }
}
