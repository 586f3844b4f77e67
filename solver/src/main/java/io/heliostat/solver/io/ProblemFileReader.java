package io.heliostat.solver.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.heliostat.solver.domain.FleetPlan;

/**
 * Reads a problem file ({@code "kind": "PlacementProblem"}, docs/file-formats.md) into a {@link FleetPlan}
 * ready to solve. The file is checked against its JSON Schema and then for what a schema cannot say
 * (references, duplicate ids, co-location cycles, job windows, one signal kind); every error found is
 * reported together in one {@link PlacementFileException}, and no plan is returned from a file with errors.
 */
public final class ProblemFileReader {

    private final ZoneTraceResolver traces;

    /** A reader for problems whose zones list their intensities inline; a trace reference is an error. */
    public ProblemFileReader() {
        this(ZoneTraceResolver.NONE);
    }

    /** A reader that turns zones' {@code trace} references into intensities with {@code traces}. */
    public ProblemFileReader(ZoneTraceResolver traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    /**
     * @throws PlacementFileException when the file is not a valid problem, with every error and its JSON path
     * @throws IOException when the file cannot be read
     */
    public FleetPlan read(Path file) throws IOException {
        String content = Files.readString(file);
        Path directory = file.toAbsolutePath().getParent();
        return read(content, file.toString(), directory);
    }

    /**
     * Reads a problem from text, as from a request body or a class-path resource.
     *
     * @param source        names the text in errors (a file name, "request body")
     * @param baseDirectory where relative trace file paths are taken from
     * @throws PlacementFileException when the text is not a valid problem
     */
    public FleetPlan read(String content, String source, Path baseDirectory) {
        JsonNode root = JsonFiles.parse(content, source);
        ErrorCollector errors = new ErrorCollector();
        FileSchema.PROBLEM.validate(root, errors);
        Optional<FleetPlan> plan = new ProblemBinder(root, errors, traces, baseDirectory).bind();
        if (plan.isEmpty()) {
            throw new PlacementFileException(source, errors.sorted(root));
        }
        return plan.get();
    }
}
