package io.heliostat.agent.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.StubController;
import io.heliostat.agent.link.ControllerLink;
import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;

class CommandPollerTest {

    private final StubController controller = new StubController();
    private final List<Duration> intervals = new ArrayList<>();

    @AfterEach
    void stop() {
        controller.close();
    }

    private CommandPoller poller(Path directory, CommandState state) {
        Path log = directory.resolve("runtime.log");
        CommandExecutor executor = new CommandExecutor("gw-mad-1", state, new CommandExecutor.WorkloadCommands(
                Optional.of("echo \"run $HELIOSTAT_WORKLOAD\" >> '" + log + "'"), Optional.empty(), Duration.ofSeconds(10)),
                intervals::add, directory.resolve("work"), Clock.systemUTC());
        return new CommandPoller(new ControllerLink(controller.uri(), "gw-mad-1", Duration.ofSeconds(2)), new CommandIntake(executor, state));
    }

    private static String command(long sequence, String kind, String fields) {
        return "{\"kind\":\"" + kind + "\",\"commandId\":\"c-" + sequence + "\",\"sequence\":" + sequence
                + ",\"issuedAt\":\"2026-11-22T10:00:00Z\"" + fields + "}";
    }

    @Test
    void each_command_is_taken_once_and_answered_and_bad_ones_are_rejected_naming_the_field(@TempDir Path directory) throws Exception {
        controller.offer(command(1, "run-workload", ",\"workloadId\":\"sensor-ingest\",\"image\":\"ghcr.io/acme/ingest:1\",\"runtime\":\"wasm\""));
        controller.offer(command(2, "reboot", ""));
        controller.offer(command(3, "set-report-interval", ",\"interval\":\"PT0.01S\""));
        controller.offer(command(4, "run-workload", ",\"workloadId\":\"w\",\"image\":\"" + "a".repeat(20_000) + "\",\"runtime\":\"wasm\""));
        controller.offer(command(5, "set-report-interval", ",\"interval\":\"every minute\""));
        controller.offer(command(6, "set-report-interval", ",\"interval\":\"PT30S\""));
        CommandState state = CommandState.open(directory);
        CommandPoller poller = poller(directory, state);

        poller.poll();
        poller.poll();

        assertThat(controller.outcomes()).extracting(CommandOutcome::commandId, CommandOutcome::status).containsExactly(
                tuple("c-1", CommandOutcome.SUCCEEDED),
                tuple("c-2", CommandOutcome.REJECTED),
                tuple("c-3", CommandOutcome.REJECTED),
                tuple("c-4", CommandOutcome.REJECTED),
                tuple("c-5", CommandOutcome.REJECTED),
                tuple("c-6", CommandOutcome.SUCCEEDED));
        assertThat(controller.outcomes().get(1).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("kind");
            assertThat(error.message()).contains("drain, undrain, set-report-interval, run-workload, stop-workload").contains("'reboot'");
        });
        assertThat(controller.outcomes().get(2).errors()).extracting(FieldError::field).containsExactly("interval");
        assertThat(controller.outcomes().get(3).errors()).singleElement().extracting(FieldError::message).asString()
                .contains("at most 16384 bytes");
        assertThat(controller.outcomes().get(4).errors()).extracting(FieldError::field).containsExactly("interval");
        assertThat(Files.readAllLines(directory.resolve("runtime.log"))).containsExactly("run sensor-ingest");
        assertThat(intervals).containsExactly(Duration.ofSeconds(30));
        assertThat(CommandState.open(directory).lastCommandSequence()).isEqualTo(6);
    }

    @Test
    void a_command_taken_before_a_restart_is_not_run_again(@TempDir Path directory) throws Exception {
        controller.offer(command(1, "run-workload", ",\"workloadId\":\"a\",\"image\":\"img\",\"runtime\":\"runc\""));
        poller(directory, CommandState.open(directory)).poll();

        poller(directory, CommandState.open(directory)).poll();

        assertThat(Files.readAllLines(directory.resolve("runtime.log"))).containsExactly("run a");
        assertThat(controller.outcomes()).hasSize(1);
    }

    @Test
    void an_outcome_the_controller_no_longer_knows_the_command_of_is_given_up_and_holds_no_later_one_back(@TempDir Path directory)
            throws Exception {
        controller.offer(command(1, "set-report-interval", ",\"interval\":\"PT30S\""));
        controller.offer(command(2, "set-report-interval", ",\"interval\":\"PT40S\""));
        controller.forget("c-1");
        CommandPoller poller = poller(directory, CommandState.open(directory));

        poller.poll();
        poller.poll();

        assertThat(controller.outcomes()).extracting(CommandOutcome::commandId).containsExactly("c-2");
        assertThat(controller.forgottenOutcomesOffered()).isEqualTo(1);
    }

    @Test
    void a_controller_without_the_command_endpoints_is_polled_without_harm(@TempDir Path directory) throws Exception {
        controller.withoutCommands();
        CommandState state = CommandState.open(directory);

        poller(directory, state).poll();

        assertThat(state.lastCommandSequence()).isZero();
        assertThat(controller.outcomes()).isEmpty();
    }
}
