package io.heliostat.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;

/** Commands pushed one message at a time (as over Hono): every message is answered, one taken before included. */
class CommandIntakeTest {

    @TempDir
    Path directory;
    private final List<Duration> intervals = new ArrayList<>();

    private CommandIntake intake() throws Exception {
        CommandState state = CommandState.open(directory);
        return new CommandIntake(new CommandExecutor("gw-mad-1", state, new CommandExecutor.WorkloadCommands(Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10)), intervals::add, directory.resolve("work"), Clock.systemUTC()), state);
    }

    private static byte[] interval(long sequence, String interval) {
        return ("{\"kind\":\"set-report-interval\",\"commandId\":\"c-" + sequence + "\",\"sequence\":" + sequence
                + ",\"issuedAt\":\"2026-11-22T10:00:00Z\",\"interval\":\"" + interval + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_command_taken_before_an_agent_restart_is_answered_rejected_and_not_run_again() throws Exception {
        CommandOutcome first = intake().take(interval(3, "PT30S"), "corr-1");

        CommandOutcome again = intake().take(interval(3, "PT30S"), "corr-2");
        CommandOutcome older = intake().take(interval(2, "PT5S"), "corr-3");

        assertThat(first.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(again.status()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(again.commandId()).isEqualTo("c-3");
        assertThat(again.errors()).extracting(FieldError::field).containsExactly("sequence");
        assertThat(older.message()).contains("was taken before");
        assertThat(intervals).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void a_command_delivered_again_is_answered_with_the_outcome_it_had_and_not_run_again() throws Exception {
        CommandIntake intake = intake();
        CommandOutcome first = intake.take(interval(4, "PT30S"), "corr-1");

        CommandOutcome again = intake.take(interval(4, "PT30S"), "corr-2");

        assertThat(first.status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(again).isEqualTo(first);
        assertThat(intervals).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void a_message_that_is_not_a_command_is_answered_under_its_reply_id() throws Exception {
        CommandOutcome outcome = intake().take(new byte[0], "corr-9");

        assertThat(outcome.commandId()).isEqualTo("corr-9");
        assertThat(outcome.status()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.errors()).extracting(FieldError::field).containsExactly("(body)");
    }
}
