package io.heliostat.solver.io;

import java.util.List;
import java.util.Objects;

/**
 * A problem or plan file that cannot be used, with every error found in it (not only the first), so
 * that a user can fix the file in one go. Readers throw this rather than return a partly built plan.
 */
public class PlacementFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<FileError> errors;

    /**
     * @param source the file's path as the user gave it, or another name for where the JSON came from
     */
    public PlacementFileException(String source, List<FileError> errors) {
        super(message(source, errors));
        this.source = Objects.requireNonNull(source, "source");
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a PlacementFileException needs at least one error");
        }
    }

    public String source() {
        return source;
    }

    public List<FileError> errors() {
        return errors;
    }

    private static String message(String source, List<FileError> errors) {
        StringBuilder text = new StringBuilder(source).append(": ")
                .append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (FileError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }
}
