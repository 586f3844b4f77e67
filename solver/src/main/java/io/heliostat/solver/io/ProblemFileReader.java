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
        return readFleet(file).plan();
    }

    /**
     * Reads a problem from text, as from a request body or a class-path resource.
     *
     * @param source        names the text in errors (a file name, "request body")
     * @param baseDirectory where relative trace file paths are taken from
     * @throws PlacementFileException when the text is not a valid problem
     */
    public FleetPlan read(String content, String source, Path baseDirectory) {
        return readFleet(content, source, baseDirectory, FileSchema.PROBLEM).plan();
    }

    /**
     * As {@link #read(Path)}, with every user location the file declares, also those no workload of the file
     * uses: a controller that takes the fleet from a file places workloads that name them later.
     */
    public FleetDefinition readFleet(Path file) throws IOException {
        return readFleet(Files.readString(file), file.toString(), file.toAbsolutePath().getParent(), FileSchema.PROBLEM);
    }

    /**
     * As {@link #readFleet(Path)}, for a controller whose clusters are a hub's member clusters: the file may leave out
     * clusters and nodes, and then gives the grid zones, user locations, horizon and policy alone.
     */
    public FleetDefinition readHubFleet(Path file) throws IOException {
        return readFleet(Files.readString(file), file.toString(), file.toAbsolutePath().getParent(), FileSchema.HUB_FLEET);
    }

    private FleetDefinition readFleet(String content, String source, Path baseDirectory, FileSchema schema) {
        JsonNode root = JsonFiles.parse(content, source);
        ErrorCollector errors = new ErrorCollector();
        schema.validate(root, errors);
        ProblemBinder binder = new ProblemBinder(root, errors, traces, baseDirectory);
        Optional<FleetPlan> plan = binder.bind();
        if (plan.isEmpty()) {
            throw new PlacementFileException(source, errors.sorted(root));
        }
        return new FleetDefinition(plan.get(), binder.declaredUserLocations());
    }
}
