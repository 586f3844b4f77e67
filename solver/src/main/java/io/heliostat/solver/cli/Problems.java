package io.heliostat.solver.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.io.ProblemFileReader;
import io.heliostat.solver.trace.TraceResolver;

/** Reads problem files with bundled and CSV carbon traces resolvable. */
final class Problems {

    private Problems() {
    }

    static FleetPlan read(Path file) throws IOException {
        return new ProblemFileReader(new TraceResolver()).read(file);
    }
}
