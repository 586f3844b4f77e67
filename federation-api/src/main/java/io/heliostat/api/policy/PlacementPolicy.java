package io.heliostat.api.policy;

import java.util.List;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import io.heliostat.api.federation.Conditions;

/**
 * A placement policy on the hub cluster, as GitOps applies it: the same spec as a file of the policy directory
 * ({@link PlacementPolicyDocument}), read and validated by the same code. Cluster-scoped, like the directory: workloads
 * in every namespace name policies by {@code metadata.name}.
 */
@Group(Conditions.GROUP)
@Version(Conditions.VERSION)
@ShortNames("hpp")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Signal", jsonPath = ".spec.signalKind")
public class PlacementPolicy extends CustomResource<PlacementPolicySpec, PlacementPolicy.Status> {

    @Override
    protected PlacementPolicySpec initSpec() {
        return PlacementPolicySpec.ofDefaults();
    }

    /**
     * Whether the controller took the policy up: condition {@code Accepted}, False with every field error in its
     * message while the last accepted version stays in force.
     *
     * @param observedGeneration the spec generation the conditions speak of
     */
    public record Status(Long observedGeneration, List<Condition> conditions) {

        public Status {
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }
    }
}
