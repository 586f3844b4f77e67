package io.heliostat.solver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import io.heliostat.solver.io.FileError;
import io.heliostat.solver.io.PlacementFileException;

/**
 * The placement engine from the command line. Exit codes: 0 done; 2 bad input (options or files; every
 * error is printed and nothing is written); 3 the plan was written but breaks hard rules (possible only
 * when pinned or current placements force it); 1 anything else.
 */
@Command(name = "heliostat", mixinStandardHelpOptions = true, version = "heliostat 0.1.0",
        description = "Places workloads across cloud regions and edge sites where carbon, power and latency are lowest under every hard rule.",
        subcommands = {DemoCommand.class, SolveCommand.class, ExplainCommand.class, GenerateCommand.class, CommandLine.HelpCommand.class})
public final class HeliostatCli implements Runnable {

    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int PLAN_BREAKS_HARD_RULES = 3;

    static int exitCode(io.heliostat.solver.domain.FleetPlan plan) {
        return plan.getScore().hardScore() == 0 ? 0 : PLAN_BREAKS_HARD_RULES;
    }

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HeliostatCli());
        commandLine.registerConverter(Duration.class, Durations::parse);
        commandLine.setExecutionExceptionHandler(HeliostatCli::handle);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof PlacementFileException invalid) {
            err.println(invalid.source() + ": " + invalid.errors().size() + " error(s)");
            for (FileError error : invalid.errors()) {
                err.println("  " + error.path() + ": " + error.reason());
            }
            return BAD_INPUT;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println("no such file: " + missing.getFile());
            return BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException bad) {
            err.println(bad.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof IOException io) {
            err.println("I/O error: " + io.getMessage());
            return FAILED;
        }
        err.println("failed: " + e);
        e.printStackTrace(err);
        return FAILED;
    }
}
