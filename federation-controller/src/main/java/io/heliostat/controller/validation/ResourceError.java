package io.heliostat.controller.validation;

import java.util.Set;

/**
 * One thing wrong with a resource, at a field of its document, and which check found it.
 *
 * @param field the field's path in the document, as {@link io.heliostat.api.Validator} writes them:
 *              {@code spec.nodePower.maxWatts}, {@code spec.taints[1].effect}; empty for the document itself
 * @param reads for a rule's error, the fields of the rule's object that the rule reads ({@code self.maxWatts}), by
 *              their CEL names; empty otherwise
 */
record ResourceError(String field, String message, Check check, Set<String> reads) {

    /** The three checks a resource passes, in the order they run. */
    enum Check {
        /** The CRD's OpenAPI schema and the object metadata, as the API server applies them. */
        SCHEMA,
        /** A CEL rule of the CRD's {@code x-kubernetes-validations}. */
        RULE,
        /** The controller's own validation of the spec, as it runs when it reads the resource. */
        CONTROLLER
    }

    ResourceError {
        reads = Set.copyOf(reads);
    }

    ResourceError(String field, String message, Check check) {
        this(field, message, check, Set.of());
    }

    /**
     * Whether this error would only restate {@code earlier}. An error at a field hides later ones at it or inside it:
     * a value of the wrong type cannot also be out of range. A rule's error, about its object as a whole, hides an
     * error of the same words at its object, and one at a field it reads or at that field's item or entry: the
     * controller checks what the CRD's rules check, field by field ({@code nodePower.maxWatts: must be at least
     * idleWatts} beside the rule's {@code nodePower: maxWatts must be at least idleWatts}).
     */
    boolean restates(ResourceError earlier) {
        if (!(earlier.field.isEmpty() || field.equals(earlier.field) || field.startsWith(earlier.field + ".")
                || field.startsWith(earlier.field + "["))) {
            return false;
        }
        if (earlier.check != Check.RULE) {
            return true;
        }
        String relative = field.substring(earlier.field.length()).replaceFirst("^\\.", "");
        if (relative.isEmpty()) {
            return message.equals(earlier.message);
        }
        String[] parts = relative.split("(?=[.\\[])", 2);
        boolean itemOrEntry = parts.length == 1 || parts[1].matches("\\[\\d+]|\\.[^.\\[]+");
        return itemOrEntry && StructuralSchema.celName(parts[0]).filter(earlier.reads::contains).isPresent();
    }
}
