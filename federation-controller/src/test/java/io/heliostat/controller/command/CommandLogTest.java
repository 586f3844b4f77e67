package io.heliostat.controller.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;

/** One node's command log as the entry processors change it where it lives. */
class CommandLogTest {

    private static final Instant TEN = Instant.parse("2026-11-22T10:00:00Z");

    private static NodeCommand drain(String id) {
        return new NodeCommand.Drain(id, 1, TEN);
    }

    private static CommandOutcome succeeded(LoggedCommand logged) {
        return new CommandOutcome(logged.command().commandId(), logged.command().sequence(), "gw-1", CommandOutcome.SUCCEEDED,
                "done", null, TEN.plusSeconds(1), List.of());
    }

    /** Runs an entry processor on an entry of its own, as a member would; returns what it returned and the entry's value. */
    private static <R> Map.Entry<R, CommandLog> run(CommandLog log, com.hazelcast.map.EntryProcessor<String, CommandLog, R> processor) {
        Map.Entry<String, CommandLog> entry = new java.util.AbstractMap.SimpleEntry<>("gw-1", log);
        R result = processor.process(entry);
        return new java.util.AbstractMap.SimpleEntry<>(result, entry.getValue());
    }

    private static CommandLog issue(CommandLog log, String... ids) {
        for (String id : ids) {
            log = run(log, new IssueCommand(drain(id), 100, 100)).getValue();
        }
        return log;
    }

    @Test
    void commands_get_the_next_sequence_of_their_node_whatever_sequence_they_came_with() {
        CommandLog log = issue(null, "c-1", "c-2", "c-3");

        assertThat(log.commands()).extracting(logged -> logged.command().sequence()).containsExactly(1L, 2L, 3L);
        assertThat(log.commands()).extracting(LoggedCommand::status).containsOnly(LoggedCommand.PENDING);
        assertThat(log.lastSequence()).isEqualTo(3);
    }

    @Test
    void a_command_issued_again_under_its_id_is_logged_once_even_when_the_log_is_full() {
        CommandLog log = issue(null, "c-1", "c-2");

        Map.Entry<CommandLog, CommandLog> again = run(log, new IssueCommand(drain("c-2"), 2, 100));

        assertThat(again.getValue()).isEqualTo(log);
        assertThat(again.getKey().find("c-2").map(logged -> logged.command().sequence())).contains(2L);
    }

    @Test
    void a_node_with_as_many_commands_pending_as_allowed_gets_no_more_and_loses_none() {
        CommandLog log = issue(null, "c-1", "c-2");

        Map.Entry<CommandLog, CommandLog> refused = run(log, new IssueCommand(drain("c-3"), 2, 100));

        assertThat(refused.getKey().find("c-3")).isEmpty();
        assertThat(refused.getValue()).isEqualTo(log);
        CommandLog afterAnAnswer = run(log, new RecordOutcome(succeeded(log.commands().getFirst()), TEN)).getValue();
        assertThat(run(afterAnAnswer, new IssueCommand(drain("c-3"), 2, 100)).getKey().find("c-3")).isPresent();
    }

    @Test
    void answered_commands_beyond_the_retained_count_are_dropped_lowest_sequence_first_and_pending_ones_never() {
        CommandLog log = issue(null, "c-1", "c-2", "c-3", "c-4");
        for (String id : List.of("c-1", "c-3", "c-4")) {
            log = run(log, new RecordOutcome(succeeded(log.find(id).orElseThrow()), TEN)).getValue();
        }

        // Three answered, one pending (c-2); two answered are retained when c-5 comes: c-1 goes.
        log = run(log, new IssueCommand(drain("c-5"), 100, 2)).getValue();

        assertThat(log.commands()).extracting(logged -> logged.command().commandId()).containsExactly("c-2", "c-3", "c-4", "c-5");
        assertThat(log.lastSequence()).isEqualTo(5);
    }

    @Test
    void an_outcome_is_recorded_once_and_only_for_the_commands_own_sequence() {
        CommandLog log = issue(null, "c-1");
        CommandOutcome first = succeeded(log.commands().getFirst());
        CommandOutcome otherSequence = new CommandOutcome("c-1", 7, "gw-1", CommandOutcome.FAILED, "no", 1, TEN, List.of());
        CommandOutcome different = new CommandOutcome("c-1", 1, "gw-1", CommandOutcome.FAILED, "no", 1, TEN, List.of());

        assertThat(run(log, new RecordOutcome(otherSequence, TEN)).getValue()).isEqualTo(log);
        CommandLog answered = run(log, new RecordOutcome(first, TEN)).getValue();
        assertThat(run(answered, new RecordOutcome(different, TEN.plusSeconds(5))).getValue()).isEqualTo(answered);
        assertThat(answered.find("c-1").orElseThrow().outcome()).isEqualTo(first);
        assertThat(answered.find("c-1").orElseThrow().status()).isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(run(null, new RecordOutcome(first, TEN)).getKey()).isNull();
    }

    @Test
    void an_agent_is_sent_the_unanswered_commands_after_its_last_oldest_first_and_at_most_the_limit() {
        CommandLog log = issue(null, "c-1", "c-2", "c-3", "c-4", "c-5");
        log = run(log, new RecordOutcome(succeeded(log.find("c-3").orElseThrow()), TEN)).getValue();

        CommandLog due = run(log, new TakeCommands(1, 2)).getKey();

        assertThat(due.commands()).extracting(logged -> logged.command().commandId()).containsExactly("c-2", "c-4");
        assertThat(run(log, new TakeCommands(5, 32)).getKey().commands()).isEmpty();
        assertThat(run(null, new TakeCommands(0, 32)).getKey()).isNull();
    }

    @Test
    void an_agent_ahead_of_a_log_that_was_lost_gets_the_pending_commands_numbered_after_its_last() {
        // The controllers restarted with no state; the agent took up to 7 from the log before.
        CommandLog log = issue(null, "c-1", "c-2");

        Map.Entry<CommandLog, CommandLog> taken = run(log, new TakeCommands(7, 32));

        assertThat(taken.getKey().commands()).extracting(logged -> logged.command().commandId() + "@" + logged.command().sequence())
                .containsExactly("c-1@8", "c-2@9");
        assertThat(taken.getValue().lastSequence()).isEqualTo(9);
        assertThat(run(null, new TakeCommands(7, 32)).getValue().lastSequence()).as("no log yet: the next command is 8").isEqualTo(7);
        assertThat(issue(run(null, new TakeCommands(7, 32)).getValue(), "c-3").find("c-3").orElseThrow().command().sequence())
                .isEqualTo(8);
    }

    @Test
    void restamping_keeps_what_each_kind_of_command_says() {
        List<NodeCommand> commands = List.of(new NodeCommand.Drain("a", 1, TEN), new NodeCommand.Undrain("a", 1, TEN),
                new NodeCommand.SetReportInterval("a", 1, TEN, Duration.ofSeconds(30)),
                new NodeCommand.RunWorkload("a", 1, TEN, "sensor", "ghcr.io/acme/sensor:1", "wasm", 500, 256),
                new NodeCommand.StopWorkload("a", 1, TEN, "sensor"));

        for (NodeCommand command : commands) {
            NodeCommand restamped = CommandLog.restamped(command, "b", 9, TEN.plusSeconds(60));

            assertThat(restamped).extracting(NodeCommand::commandId, NodeCommand::sequence, NodeCommand::issuedAt)
                    .containsExactly("b", 9L, TEN.plusSeconds(60));
            // Stamped back, it is the command it was: every other field came along.
            assertThat(CommandLog.restamped(restamped, "a", 1, TEN)).isEqualTo(command);
        }
    }
}
