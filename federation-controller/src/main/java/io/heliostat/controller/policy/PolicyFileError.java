package io.heliostat.controller.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a policy file, with where an editor finds it. Printed as compilers print theirs,
 * {@code policies/green.yaml:12:5: spec.weights.carbon: must be between 0 and 1000000, was -1.0}, which editors
 * and CI logs turn into links.
 *
 * @param line   1-based; 0 when the error is about the file as a whole, such as that it cannot be read
 * @param column 1-based; 0 with line 0
 * @param field  the field's path in its document, such as {@code spec.weights.carbon} or
 *               {@code spec.tolerations[1].effect}; empty when the text is not YAML, or when the file cannot be read
 * @param reason what is wrong and what is allowed instead
 */
public record PolicyFileError(Path file, int line, int column, String field, String reason) {

    public PolicyFileError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        String where = line == 0 ? file.toString() : file + ":" + line + ":" + column;
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + reason;
    }
}
