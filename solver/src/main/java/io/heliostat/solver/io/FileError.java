package io.heliostat.solver.io;

import java.util.Objects;

/**
 * One thing wrong with a problem or plan file.
 *
 * @param path where, as a JSONPath such as {@code $.workloads[3].requests.cpu} ({@code $} for the whole file)
 * @param reason what is wrong and what is allowed instead, such as
 *               {@code must be a Kubernetes quantity such as "500m", "2" or 1.5, was "two"}
 */
public record FileError(String path, String reason) {

    public FileError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
