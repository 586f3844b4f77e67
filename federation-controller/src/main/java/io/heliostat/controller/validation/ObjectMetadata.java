package io.heliostat.controller.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.api.Validator;
import io.heliostat.controller.validation.ResourceError.Check;

/**
 * The checks the API server makes of a custom resource's {@code metadata}, which no CRD schema states: a name that
 * is a DNS subdomain, a namespace only for a namespaced kind, label and annotation keys that are qualified names,
 * label values of at most 63 characters, and no field ObjectMeta does not have.
 */
final class ObjectMetadata {

    /** ObjectMeta's fields; the API server sets most of them, but a manifest may carry any. */
    private static final Set<String> FIELDS = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL_PART = 63;
    /** A label value, and the name part of a qualified name: alphanumerics with '-', '_' or '.' between. */
    private static final Pattern LABEL_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final String NAME_RULE = "must be a lowercase RFC 1123 subdomain of at most 253 characters: "
            + "letters a-z, digits, '-' and '.', starting and ending with a letter or digit";

    private ObjectMetadata() {
    }

    /** Checks the {@code metadata} of a resource whose CRD is {@code definition}; absent metadata lacks a name. */
    static void check(JsonNode metadata, ResourceDefinition definition, List<ResourceError> errors) {
        if (metadata.isMissingNode() || metadata.isNull()) {
            errors.add(new ResourceError("metadata.name", "is required", Check.SCHEMA));
            return;
        }
        if (!metadata.isObject()) {
            errors.add(new ResourceError("metadata", "must be a mapping, was " + (metadata.isArray() ? "a list" : metadata.asText()),
                    Check.SCHEMA));
            return;
        }
        metadata.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new ResourceError("metadata." + field, "is not a field of object metadata; the fields are "
                        + String.join(", ", new TreeSet<>(FIELDS)), Check.SCHEMA));
            }
        });
        JsonNode name = metadata.path("name");
        if (!text(name, "metadata.name", errors)) {
            errors.add(new ResourceError("metadata.name", "is required", Check.SCHEMA));
        } else if (name.asText().length() > MAX_NAME || !Validator.DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
            errors.add(new ResourceError("metadata.name", NAME_RULE + ", was '" + name.asText() + "'", Check.SCHEMA));
        }
        JsonNode namespace = metadata.path("namespace");
        if (text(namespace, "metadata.namespace", errors)) {
            if (!definition.namespaced()) {
                errors.add(new ResourceError("metadata.namespace", "must not be set: " + definition.kind().kind()
                        + " is cluster-scoped, and the API server drops it", Check.SCHEMA));
            } else if (!Validator.DNS_LABEL.matcher(namespace.asText()).matches()) {
                errors.add(new ResourceError("metadata.namespace", "must be a namespace name (a lowercase RFC 1123 label of "
                        + "at most 63 characters), was '" + namespace.asText() + "'", Check.SCHEMA));
            }
        }
        strings(metadata.path("labels"), "metadata.labels", errors, true);
        strings(metadata.path("annotations"), "metadata.annotations", errors, false);
    }

    /** True for text; an error for a value of another type; false, and no error, when absent. */
    private static boolean text(JsonNode value, String field, List<ResourceError> errors) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isTextual()) {
            errors.add(new ResourceError(field, "must be text, was " + value.asText(), Check.SCHEMA));
            return false;
        }
        return true;
    }

    private static void strings(JsonNode map, String field, List<ResourceError> errors, boolean labels) {
        if (map.isMissingNode() || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            errors.add(new ResourceError(field, "must be a mapping of keys to text", Check.SCHEMA));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
            String at = field + "." + entry.getKey();
            if (!isQualifiedName(entry.getKey())) {
                errors.add(new ResourceError(at, "is not a valid key: an optional DNS subdomain prefix and '/', then at most"
                        + " 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", Check.SCHEMA));
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                errors.add(new ResourceError(at, "must be text, was " + value.asText() + StructuralSchema.unquotedHint(value),
                        Check.SCHEMA));
            } else if (labels && !value.asText().isEmpty()
                    && (value.asText().length() > MAX_LABEL_PART || !LABEL_PART.matcher(value.asText()).matches())) {
                errors.add(new ResourceError(at, "must be a label value: at most 63 letters, digits, '-', '_' or '.', starting"
                        + " and ending with a letter or digit, was '" + value.asText() + "'", Check.SCHEMA));
            }
        }
    }

    private static boolean isQualifiedName(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > MAX_NAME || !Validator.DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= MAX_LABEL_PART && LABEL_PART.matcher(name).matches();
    }
}
