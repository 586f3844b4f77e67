package io.heliostat.solver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.heliostat.solver.analysis.Alternative;
import io.heliostat.solver.analysis.ConstraintChange;
import io.heliostat.solver.analysis.PlacementExplainer;
import io.heliostat.solver.analysis.ReplicaExplanation;
import io.heliostat.solver.analysis.WhyNot;
import io.heliostat.solver.analysis.WorkloadExplanation;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.io.PlanFileReader;

@Command(name = "explain", description = "Says why a workload runs where the plan puts it, or why not on a given node.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "FILE", description = "The problem file the plan was made for.")
    Path problem;

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The plan file.")
    Path plan;

    @Option(names = "--workload", required = true, paramLabel = "ID", description = "The workload to explain.")
    String workload;

    @Option(names = "--node", paramLabel = "ID", description = "Explain why the workload is not on this node instead.")
    String node;

    @Override
    public Integer call() throws IOException {
        FleetPlan placed = PlanFileReader.applyTo(Problems.read(problem), plan);
        PlacementExplainer explainer = new PlacementExplainer();
        PrintWriter out = spec.commandLine().getOut();
        if (node == null) {
            print(out, explainer.explain(placed, workload));
        } else {
            print(out, explainer.whyNot(placed, workload, node));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, WorkloadExplanation explanation) {
        out.println("workload " + explanation.workload());
        for (ReplicaExplanation replica : explanation.replicas()) {
            out.println("  " + replica.replica() + ": " + replica.placement().map(Object::toString).orElse("not placed")
                    + (replica.pinned() ? " [pinned]" : ""));
            for (String sentence : replica.sentences()) {
                out.println("    " + sentence);
            }
        }
    }

    private static void print(PrintWriter out, WhyNot whyNot) {
        out.println("workload " + whyNot.workload() + " on node " + whyNot.node() + " instead:");
        for (Alternative alternative : whyNot.replicas()) {
            out.println("  " + alternative.verdict() + ": " + alternative.summary());
            for (ConstraintChange change : alternative.changes()) {
                out.println("    " + change.sentence());
            }
        }
    }
}
