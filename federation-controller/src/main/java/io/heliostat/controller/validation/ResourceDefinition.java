package io.heliostat.controller.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.heliostat.api.federation.Conditions;

/**
 * What the CRD of a Heliostat resource says about it: whether it is namespaced, and the schema of its spec. Read from
 * the CRDs that fabric8's generator writes into federation-api's jar ({@code META-INF/fabric8/}), the one source of
 * the schema, so that what {@code heliostat validate} checks is what the API server is given.
 */
record ResourceDefinition(CustomResourceKind kind, boolean namespaced, StructuralSchema spec) {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> ROOT_KEYWORDS = Set.of("type", "properties");
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("spec", "status");

    /**
     * Reads the CRD of {@code kind} from the class path.
     *
     * @throws IllegalStateException when it is not there, does not define {@code kind} at {@code v1alpha1}, or its
     *                               schema cannot be checked (see {@link StructuralSchema#read})
     */
    static ResourceDefinition load(CustomResourceKind kind) {
        String location = "META-INF/fabric8/" + kind.crdName() + "-v1.yml";
        JsonNode crd;
        try (InputStream in = ResourceDefinition.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + kind.crdName() + " is not on the class path at " + location
                        + " (federation-api's jar has it, generated at build time)");
            }
            crd = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + location, e);
        }
        if (!crd.at("/spec/names/kind").asText().equals(kind.kind())) {
            throw new IllegalStateException("CRD " + kind.crdName() + " defines kind '" + crd.at("/spec/names/kind").asText()
                    + "', not " + kind.kind());
        }
        for (JsonNode version : crd.at("/spec/versions")) {
            if (version.path("name").asText().equals(Conditions.VERSION)) {
                JsonNode root = version.at("/schema/openAPIV3Schema");
                // The resource's own schema names spec and status only; the API server adds apiVersion, kind and
                // metadata, and drops status from what is applied, the status subresource being the controller's.
                root.fieldNames().forEachRemaining(keyword -> {
                    if (!ROOT_KEYWORDS.contains(keyword)) {
                        throw new IllegalStateException("CRD " + kind.crdName() + ": the schema of the resource uses '"
                                + keyword + "', which heliostat validate does not check");
                    }
                });
                root.path("properties").fieldNames().forEachRemaining(field -> {
                    if (!TOP_LEVEL_FIELDS.contains(field)) {
                        throw new IllegalStateException("CRD " + kind.crdName() + ": the resource has a field '" + field
                                + "' beside spec and status, which heliostat validate does not check");
                    }
                });
                return new ResourceDefinition(kind, crd.at("/spec/scope").asText().equals("Namespaced"),
                        StructuralSchema.read(kind.crdName(), "spec", root.at("/properties/spec")));
            }
        }
        throw new IllegalStateException("CRD " + kind.crdName() + " has no version " + Conditions.VERSION);
    }
}
