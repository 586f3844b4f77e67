package io.heliostat.api.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;

class NodeCommandTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();
    private static final Instant ISSUED = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void every_kind_of_command_reads_back_as_written_and_names_its_kind() throws Exception {
        List<NodeCommand> commands = List.of(new NodeCommand.Drain("c-1", 1, ISSUED), new NodeCommand.Undrain("c-2", 2, ISSUED),
                new NodeCommand.SetReportInterval("c-3", 3, ISSUED, Duration.ofSeconds(30)),
                new NodeCommand.RunWorkload("c-4", 4, ISSUED, "sensor-ingest", "ghcr.io/acme/ingest:1.2", "wasm", 500, 256),
                new NodeCommand.StopWorkload("c-5", 5, ISSUED, "sensor-ingest"));

        for (NodeCommand command : commands) {
            String json = JSON.writeValueAsString(command);
            assertThat(JSON.readValue(json, NodeCommand.class)).isEqualTo(command);
            assertThat(command.validate()).isEmpty();
        }
        assertThat(JSON.readTree(JSON.writeValueAsString(commands.get(2))).get("kind").asText()).isEqualTo("set-report-interval");
        assertThat(JSON.readTree(JSON.writeValueAsString(commands.get(2))).get("interval").asText()).isEqualTo("PT30S");
    }

    @Test
    void an_unknown_kind_does_not_read() {
        assertThatThrownBy(() -> JSON.readValue("{\"kind\":\"reboot\",\"commandId\":\"c-1\",\"sequence\":1}", NodeCommand.class))
                .isInstanceOf(InvalidTypeIdException.class);
    }

    @Test
    void a_run_command_names_every_bad_field_and_refuses_shell_syntax_in_the_image() {
        NodeCommand.RunWorkload bad = new NodeCommand.RunWorkload("c 1", 0, null, "", "$(rm -rf /)", "docker", -1, -2);

        assertThat(bad.validate()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "commandId", "sequence", "issuedAt", "workloadId", "image", "runtime", "cpuMillis", "memoryMiB");
        assertThat(new NodeCommand.RunWorkload("c-1", 1, ISSUED, "w", "--privileged", "runc", 0, 0).validate())
                .extracting(FieldError::field).containsExactly("image");
    }

    @Test
    void a_report_interval_outside_one_second_to_one_hour_is_refused_with_the_range() {
        NodeCommand.SetReportInterval tooShort = new NodeCommand.SetReportInterval("c-1", 1, ISSUED, Duration.ofMillis(10));

        assertThat(tooShort.validate()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("interval");
            assertThat(error.message()).contains("PT1S").contains("PT1H").contains("PT0.01S");
        });
    }

    @Test
    void an_outcome_names_a_status_outside_the_three_and_a_message_too_long() {
        CommandOutcome outcome = new CommandOutcome("c-1", 1, "gw-mad-1", "done", "x".repeat(CommandOutcome.MAX_MESSAGE + 1), null,
                ISSUED, null);

        assertThat(outcome.validate()).extracting(FieldError::field).containsExactlyInAnyOrder("status", "message");
        assertThat(new CommandOutcome("c-1", 1, "gw-mad-1", CommandOutcome.REJECTED, "bad", null, ISSUED,
                List.of(new FieldError("image", "must be ..."))).validate()).isEmpty();
    }
}
