package io.heliostat.agent.command;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.heliostat.agent.log.Log;
import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/**
 * Carries out a node's commands and says what became of each. Workloads start and stop through shell commands of
 * the node's own configuration ({@code workload.run-command}, {@code workload.stop-command}), run by
 * {@code /bin/sh -c}; what the controller sends reaches them only as environment variables
 * ({@code HELIOSTAT_WORKLOAD}, {@code HELIOSTAT_IMAGE}, ...), never as text spliced into the command line, so no
 * value can become shell syntax. Runs and stops are idempotent, as the agent's {@link CommandState} knows what runs: a
 * run of a workload that runs already succeeds without starting it again, a stop of one that does not run (never
 * started here, or stopped by a drain) without running the stop command.
 */
public final class CommandExecutor {

    /** The shell commands that start and stop workloads, and how long each may take. */
    public record WorkloadCommands(Optional<String> run, Optional<String> stop, Duration timeout) {
    }

    private final String nodeId;
    private final CommandState state;
    private final WorkloadCommands workloads;
    private final Consumer<Duration> reportInterval;
    private final Path workDirectory;
    private final Clock clock;

    /**
     * @param reportInterval takes a new report interval
     * @param workDirectory  where the output of workload commands is kept while they run
     */
    public CommandExecutor(String nodeId, CommandState state, WorkloadCommands workloads, Consumer<Duration> reportInterval,
                           Path workDirectory, Clock clock) {
        this.nodeId = nodeId;
        this.state = state;
        this.workloads = workloads;
        this.reportInterval = reportInterval;
        this.workDirectory = workDirectory;
        this.clock = clock;
    }

    /** Runs a command that has passed its validation. */
    public CommandOutcome execute(NodeCommand command) {
        try {
            if (command instanceof NodeCommand.Drain) {
                return drain(command);
            }
            if (command instanceof NodeCommand.Undrain) {
                state.drained(false);
                return outcome(command, CommandOutcome.SUCCEEDED, "taking workloads again", null);
            }
            if (command instanceof NodeCommand.SetReportInterval interval) {
                reportInterval.accept(interval.interval());
                return outcome(command, CommandOutcome.SUCCEEDED, "reporting every " + interval.interval(), null);
            }
            if (command instanceof NodeCommand.RunWorkload run) {
                return run(run);
            }
            return stop(command, ((NodeCommand.StopWorkload) command).workloadId());
        } catch (IOException e) {
            return outcome(command, CommandOutcome.FAILED, "the agent could not keep its state: " + e.getMessage(), null);
        }
    }

    /** The answer to a command that will not run, with what is wrong with it. */
    public CommandOutcome reject(String commandId, long sequence, String message, List<FieldError> errors) {
        return new CommandOutcome(commandId, Math.max(0, sequence), nodeId, CommandOutcome.REJECTED, message, null,
                clock.instant(), errors);
    }

    private CommandOutcome drain(NodeCommand command) throws IOException {
        state.drained(true);
        List<String> failures = new ArrayList<>();
        int stopped = 0;
        for (String workload : state.workloads()) {
            if (workloads.stop().isEmpty()) {
                failures.add(workload + " left running: no workload.stop-command is configured");
                continue;
            }
            Run result = runShell(workloads.stop().get(), Map.of("HELIOSTAT_WORKLOAD", workload), command.commandId());
            if (result.succeeded()) {
                state.stopped(workload);
                stopped++;
            } else {
                failures.add(workload + ": " + result.describe());
            }
        }
        String summary = "drained: stopped " + stopped + (stopped == 1 ? " workload" : " workloads");
        return failures.isEmpty() ? outcome(command, CommandOutcome.SUCCEEDED, summary, null)
                : outcome(command, CommandOutcome.FAILED, summary + "; " + String.join("; ", failures), null);
    }

    private CommandOutcome run(NodeCommand.RunWorkload run) throws IOException {
        if (state.drained()) {
            return reject(run.commandId(), run.sequence(), "node " + nodeId + " is drained; it takes no workloads until undrained",
                    List.of());
        }
        if (workloads.run().isEmpty()) {
            return reject(run.commandId(), run.sequence(), "node " + nodeId + " has no workload.run-command configured", List.of());
        }
        // A run of what runs already (a controller that issued its run again, not knowing whether it had) starts
        // nothing twice: to run it anew, stop it first.
        if (state.workloads().contains(run.workloadId())) {
            return outcome(run, CommandOutcome.SUCCEEDED, "workload " + run.workloadId() + " runs already; not started again",
                    null);
        }
        Run result = runShell(workloads.run().get(), Map.of("HELIOSTAT_WORKLOAD", run.workloadId(), "HELIOSTAT_IMAGE", run.image(),
                "HELIOSTAT_RUNTIME", run.runtime(), "HELIOSTAT_CPU_MILLIS", Long.toString(run.cpuMillis()),
                "HELIOSTAT_MEMORY_MIB", Long.toString(run.memoryMiB())), run.commandId());
        if (result.succeeded()) {
            state.started(run.workloadId());
        }
        return outcome(run, result.succeeded() ? CommandOutcome.SUCCEEDED : CommandOutcome.FAILED, result.describe(), result.exitCode());
    }

    private CommandOutcome stop(NodeCommand command, String workloadId) throws IOException {
        if (workloads.stop().isEmpty()) {
            return reject(command.commandId(), command.sequence(), "node " + nodeId + " has no workload.stop-command configured",
                    List.of());
        }
        // Nothing to stop (never started here, or stopped already, as by a drain): a stop command run for it could
        // only fail, and the controller would try it again and again.
        if (!state.workloads().contains(workloadId)) {
            return outcome(command, CommandOutcome.SUCCEEDED, "workload " + workloadId + " does not run here; nothing to stop", null);
        }
        Run result = runShell(workloads.stop().get(), Map.of("HELIOSTAT_WORKLOAD", workloadId), command.commandId());
        if (result.succeeded()) {
            state.stopped(workloadId);
        }
        return outcome(command, result.succeeded() ? CommandOutcome.SUCCEEDED : CommandOutcome.FAILED, result.describe(),
                result.exitCode());
    }

    /** How a shell command ended: its exit code (null when it timed out) and the end of its output. */
    private record Run(Integer exitCode, String output, Duration timedOutAfter) {

        boolean succeeded() {
            return exitCode != null && exitCode == 0;
        }

        String describe() {
            String head = exitCode == null ? "timed out after " + timedOutAfter + " and was killed" : "exit " + exitCode;
            String text = output.isBlank() ? head : head + ": " + output.strip();
            return text.length() <= CommandOutcome.MAX_MESSAGE ? text
                    : "..." + text.substring(text.length() - CommandOutcome.MAX_MESSAGE + 3);
        }
    }

    private Run runShell(String script, Map<String, String> environment, String commandId) throws IOException {
        Files.createDirectories(workDirectory);
        Path output = workDirectory.resolve("command-" + commandId + ".log");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        builder.environment().put("HELIOSTAT_COMMAND_ID", commandId);
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(workloads.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            return new Run(finished ? process.exitValue() : null, tail(output), workloads.timeout());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Run(null, "interrupted: the agent is stopping", workloads.timeout());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The last {@link CommandOutcome#MAX_MESSAGE} bytes of a command's output: where the error usually is. */
    private static String tail(Path output) {
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(0, length - CommandOutcome.MAX_MESSAGE);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.fine(() -> "output of a workload command cannot be read: " + e.getMessage());
            return "";
        }
    }

    private CommandOutcome outcome(NodeCommand command, String status, String message, Integer exitCode) {
        return new CommandOutcome(command.commandId(), command.sequence(), nodeId, status, message, exitCode, clock.instant(),
                List.of());
    }
}
