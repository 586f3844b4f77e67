package io.heliostat.solver.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.generator.FleetGenerator;
import io.heliostat.solver.generator.FleetSize;
import io.heliostat.solver.io.ProblemFileWriter;

@Command(name = "generate", description = "Writes a generated fleet (real carbon traces and power data) as a problem file.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", required = true, paramLabel = "SIZE",
            description = "XS (40 nodes), S (200 nodes / 1,000 replicas), M (2,000 / 10,000) or L (5,000 / 50,000).")
    FleetSize size;

    @Option(names = "--seed", defaultValue = "42", description = "Seed; the same seed gives the same fleet (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the problem (JSON).")
    Path out;

    @Override
    public Integer call() throws IOException {
        FleetPlan fleet = new FleetGenerator().generate(size, seed);
        ProblemFileWriter.write(fleet, new ProblemFileWriter.Metadata("generated-" + size.name().toLowerCase(java.util.Locale.ROOT) + "-" + seed,
                "Generated fleet of size " + size + ", seed " + seed), out);
        spec.commandLine().getOut().println("wrote " + out + ": " + fleet.getNodes().size() + " nodes, "
                + fleet.getReplicas().size() + " replicas, " + fleet.getWorkloads().size() + " workloads");
        return 0;
    }
}
