package io.heliostat.solver.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a zone's carbon intensity comes from when a problem file does not list it inline: a recorded
 * trace (an Electricity Maps or WattTime CSV export) that a {@link ZoneTraceResolver} turns into one
 * value per slot.
 */
public sealed interface ZoneTraceReference {

    /**
     * A CSV file of the user's: {@code {"file": "traces/es.csv"}}.
     *
     * @param path already resolved: a relative path in the problem file is taken from the problem file's directory
     */
    record TraceFile(Path path) implements ZoneTraceReference {
        public TraceFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "file " + path;
        }
    }

    /** A trace shipped with Heliostat, by file name: {@code {"bundled": "em-ES-2022-hourly.csv"}}. */
    record BundledTrace(String name) implements ZoneTraceReference {
        public BundledTrace {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "bundled trace " + name;
        }
    }
}
