package io.heliostat.controller.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A policy file that cannot be used, with every error found in it, so that a user can fix the file in one go.
 * {@link PolicyDocuments} throws it rather than return some of a file's policies: a file is applied whole or not
 * at all.
 */
public class PolicyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final List<PolicyFileError> errors;

    public PolicyFileException(Path file, List<PolicyFileError> errors) {
        super(message(file, errors));
        this.file = Objects.requireNonNull(file, "file");
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a PolicyFileException needs at least one error");
        }
    }

    public Path file() {
        return file;
    }

    public List<PolicyFileError> errors() {
        return errors;
    }

    private static String message(Path file, List<PolicyFileError> errors) {
        StringBuilder text = new StringBuilder(file.toString()).append(": ")
                .append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (PolicyFileError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }
}
