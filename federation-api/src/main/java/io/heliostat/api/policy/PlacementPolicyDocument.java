package io.heliostat.api.policy;

import java.util.Map;

import io.heliostat.api.Copies;
import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * A placement policy as a file in the policy directory holds it, in the shape of the custom resource that carries
 * it on a hub cluster, so that the same YAML can be applied either way:
 *
 * <pre>
 * apiVersion: heliostat.io/v1alpha1
 * kind: PlacementPolicy
 * metadata:
 *   name: green-batch
 * spec:
 *   signalKind: marginal
 * </pre>
 */
public record PlacementPolicyDocument(String apiVersion, String kind, Metadata metadata, PlacementPolicySpec spec)
        implements Validated {

    public static final String API_VERSION = "heliostat.io/v1alpha1";
    public static final String KIND = "PlacementPolicy";

    /**
     * The policy's name, which workloads and tenants refer to it by, and the labels and annotations a GitOps tool or a
     * team puts on its resources, which the controller keeps out of its decisions.
     */
    public record Metadata(String name, Map<String, String> labels, Map<String, String> annotations) implements Validated {

        public Metadata {
            labels = Copies.map(labels);
            annotations = Copies.map(annotations);
        }

        /** Metadata naming the policy only. */
        public static Metadata named(String name) {
            return new Metadata(name, null, null);
        }

        @Override
        public void validate(Validator validator) {
            validator.id("name", name);
            validator.labels("labels", labels);
        }
    }

    @Override
    public void validate(Validator validator) {
        exactly(validator, "apiVersion", apiVersion, API_VERSION);
        exactly(validator, "kind", kind, KIND);
        if (validator.required("metadata", metadata)) {
            metadata.validate(validator.at("metadata"));
        }
        if (validator.required("spec", spec)) {
            spec.validate(validator.at("spec"));
        }
    }

    private static void exactly(Validator validator, String field, String value, String expected) {
        if (validator.required(field, value) && !value.equals(expected)) {
            validator.reject(field, "must be " + expected + ", was '" + value + "'");
        }
    }
}
