package io.heliostat.carbon;

import java.nio.file.Path;
import java.util.Objects;

import io.heliostat.solver.trace.BundledTrace;
import io.heliostat.solver.trace.CarbonTrace;

/**
 * A recorded trace to replay: one shipped with Heliostat, or a CSV file of the user's in a format
 * {@link CarbonTrace} reads (an Electricity Maps export, the Electricity Maps API fields, or WattTime's
 * 5-minute MOER as vessim ships it).
 */
public sealed interface TraceSource {

    /** Reads the trace; fails naming the file when it cannot be read or is not a carbon trace. */
    CarbonTrace load();

    /** How signals name the trace in their source: {@code trace-replay:<name>}. */
    String name();

    /** A trace on the solver's classpath, named in settings by its constant, such as {@code ES_2022}. */
    record Bundled(BundledTrace trace) implements TraceSource {
        public Bundled {
            Objects.requireNonNull(trace, "trace");
        }

        @Override
        public CarbonTrace load() {
            return trace.load();
        }

        @Override
        public String name() {
            return trace.fileName();
        }
    }

    /** A CSV file, by a path that is absolute or relative to the working directory. */
    record File(Path path) implements TraceSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public CarbonTrace load() {
            return CarbonTrace.fromFile(path);
        }

        @Override
        public String name() {
            return path.toString();
        }
    }
}
