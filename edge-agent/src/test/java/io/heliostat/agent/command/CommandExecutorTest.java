package io.heliostat.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/** Workload commands are real shell scripts run by /bin/sh; they log what they were given to a file in the test's folder. */
class CommandExecutorTest {

    private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path temp;
    private Path log;
    private CommandState state;
    private final List<Duration> intervals = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        log = temp.resolve("runtime.log");
        state = CommandState.open(temp);
    }

    private CommandExecutor executor(String run, String stop, Duration timeout) {
        return new CommandExecutor("gw-mad-1", state, new CommandExecutor.WorkloadCommands(Optional.ofNullable(run),
                Optional.ofNullable(stop), timeout), intervals::add, temp.resolve("work"), Clock.systemUTC());
    }

    private CommandExecutor executor() {
        return executor("echo \"run $HELIOSTAT_WORKLOAD $HELIOSTAT_RUNTIME $HELIOSTAT_CPU_MILLIS $HELIOSTAT_IMAGE\" >> '" + log + "'",
                "echo \"stop $HELIOSTAT_WORKLOAD\" >> '" + log + "'", Duration.ofSeconds(10));
    }

    private static NodeCommand.RunWorkload run(String workload, String image) {
        return new NodeCommand.RunWorkload("c-" + workload, 1, ISSUED, workload, image, "wasm", 500, 256);
    }

    @Test
    void a_workload_runs_through_the_configured_command_which_gets_the_values_in_its_environment() throws Exception {
        CommandOutcome outcome = executor().execute(run("sensor-ingest", "ghcr.io/acme/ingest:1.2"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.nodeId()).isEqualTo("gw-mad-1");
        assertThat(Files.readAllLines(log)).containsExactly("run sensor-ingest wasm 500 ghcr.io/acme/ingest:1.2");
        assertThat(state.workloads()).containsExactly("sensor-ingest");
    }

    @Test
    void what_the_controller_sends_never_becomes_shell_syntax() throws Exception {
        // Not a valid image (the poller rejects it before it gets here); sent anyway, it stays a string.
        CommandOutcome outcome = executor().execute(run("w", "x$(touch '" + temp.resolve("pwned") + "');`id`"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(temp.resolve("pwned")).doesNotExist();
        assertThat(Files.readString(log)).contains("x$(touch").contains("`id`");
    }

    @Test
    void a_command_that_fails_is_answered_with_its_exit_code_and_the_end_of_its_output() {
        CommandOutcome outcome = executor("echo 'image not found' >&2; exit 3", null, Duration.ofSeconds(10)).execute(run("w", "img"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.message()).isEqualTo("exit 3: image not found");
        assertThat(state.workloads()).isEmpty();
    }

    @Test
    void a_command_that_hangs_is_killed_at_the_timeout() {
        CommandOutcome outcome = executor("sleep 30", null, Duration.ofMillis(300)).execute(run("w", "img"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.FAILED);
        assertThat(outcome.exitCode()).isNull();
        assertThat(outcome.message()).startsWith("timed out after PT0.3S");
    }

    @Test
    void without_a_run_command_a_workload_is_rejected() {
        CommandOutcome outcome = executor(null, null, Duration.ofSeconds(1)).execute(run("w", "img"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.message()).contains("no workload.run-command");
    }

    @Test
    void a_drain_stops_the_workloads_started_and_refuses_new_ones_until_undrained() throws Exception {
        CommandExecutor executor = executor();
        executor.execute(run("a", "img-a"));
        executor.execute(run("b", "img-b"));

        CommandOutcome drained = executor.execute(new NodeCommand.Drain("c-drain", 3, ISSUED));

        assertThat(drained.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(drained.message()).isEqualTo("drained: stopped 2 workloads");
        assertThat(Files.readAllLines(log)).containsSubsequence("stop a", "stop b");
        assertThat(CommandState.open(temp).drained()).isTrue();
        assertThat(executor.execute(run("c", "img-c")).status()).isEqualTo(CommandOutcome.REJECTED);

        executor.execute(new NodeCommand.Undrain("c-undrain", 4, ISSUED));
        assertThat(executor.execute(run("c", "img-c")).status()).isEqualTo(CommandOutcome.SUCCEEDED);
    }

    @Test
    void a_run_of_a_workload_that_runs_already_succeeds_without_starting_it_twice_and_after_a_stop_runs_it_again() throws Exception {
        CommandExecutor executor = executor();
        executor.execute(run("a", "img-a"));

        CommandOutcome again = executor.execute(new NodeCommand.RunWorkload("c-again", 2, ISSUED, "a", "img-a", "wasm", 500, 256));

        assertThat(again.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(again.message()).isEqualTo("workload a runs already; not started again");
        assertThat(Files.readAllLines(log)).containsExactly("run a wasm 500 img-a");
        executor.execute(new NodeCommand.StopWorkload("c-stop", 3, ISSUED, "a"));
        assertThat(executor.execute(new NodeCommand.RunWorkload("c-anew", 4, ISSUED, "a", "img-a", "wasm", 500, 256)).status())
                .isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(Files.readAllLines(log)).containsExactly("run a wasm 500 img-a", "stop a", "run a wasm 500 img-a");
    }

    @Test
    void a_stop_of_a_workload_that_does_not_run_succeeds_without_running_the_stop_command() throws Exception {
        CommandExecutor executor = executor();
        executor.execute(run("a", "img-a"));
        executor.execute(new NodeCommand.Drain("c-drain", 2, ISSUED));

        CommandOutcome afterDrain = executor.execute(new NodeCommand.StopWorkload("c-stop-a", 3, ISSUED, "a"));
        CommandOutcome neverStarted = executor.execute(new NodeCommand.StopWorkload("c-stop-b", 4, ISSUED, "b"));

        assertThat(afterDrain.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(afterDrain.message()).isEqualTo("workload a does not run here; nothing to stop");
        assertThat(neverStarted.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(Files.readAllLines(log)).as("stopped once, by the drain").containsExactly("run a wasm 500 img-a", "stop a");
    }

    @Test
    void a_new_report_interval_is_handed_to_the_reporter() {
        CommandOutcome outcome = executor().execute(new NodeCommand.SetReportInterval("c-1", 1, ISSUED, Duration.ofSeconds(30)));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(intervals).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void a_stop_runs_the_stop_command_and_forgets_the_workload() throws Exception {
        CommandExecutor executor = executor();
        executor.execute(run("a", "img-a"));

        CommandOutcome outcome = executor.execute(new NodeCommand.StopWorkload("c-stop", 2, ISSUED, "a"));

        assertThat(outcome.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(Files.readAllLines(log)).last().isEqualTo("stop a");
        assertThat(CommandState.open(temp).workloads()).isEmpty();
    }
}
