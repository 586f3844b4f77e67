package io.heliostat.controller.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.actuation.EdgeRun;
import io.heliostat.controller.actuation.EdgeRuns;
import io.heliostat.controller.actuation.RecordEdgeRun;
import io.heliostat.controller.actuation.RunSpec;
import io.heliostat.controller.command.CommandLog;
import io.heliostat.controller.command.IssueCommand;
import io.heliostat.controller.command.LoggedCommand;
import io.heliostat.controller.command.RecordOutcome;
import io.heliostat.controller.command.TakeCommands;
import io.heliostat.controller.node.ApplyReports;
import io.heliostat.controller.node.ExpectReportsEvery;
import io.heliostat.controller.node.MarkDraining;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.controller.node.ReportOutcome;

/** What one member sends another, through the serializers a member registers, arrives as it was sent. */
class StateTypesTest {

    private final InternalSerializationService members = new DefaultSerializationServiceBuilder()
            .setConfig(ControllerCluster.config(ControllerSettings.ofDefaults(), Controller.objectMapper()).getSerializationConfig())
            .build();

    @Test
    void aReportsOutcomeCrossesWithAndWithoutAPreviousStatus() {
        ReportOutcome firstReport = new ReportOutcome(ReportOutcome.Kind.ACCEPTED, 1, 0, null);
        ReportOutcome backFromLost = new ReportOutcome(ReportOutcome.Kind.ACCEPTED, 9, 3, NodeStatus.LOST);
        ReportOutcome late = new ReportOutcome(ReportOutcome.Kind.OUT_OF_ORDER, 4, 0, NodeStatus.READY);

        for (ReportOutcome outcome : List.of(firstReport, backFromLost, late)) {
            assertThat(roundTrip(outcome)).isEqualTo(outcome);
        }
    }

    @Test
    void aNodesReportsOfABatchCrossInTheirOrder() {
        ApplyReports reports = new ApplyReports(List.of(report("gw-1", 7), report("gw-1", 8)), 1_700_000_000_000L);

        assertThat(roundTrip(reports)).isEqualTo(reports);
    }

    @Test
    void aBatchsOutcomesCrossAsAList() {
        List<ReportOutcome> outcomes = List.of(new ReportOutcome(ReportOutcome.Kind.ACCEPTED, 7, 0, NodeStatus.READY),
                new ReportOutcome(ReportOutcome.Kind.DUPLICATE, 7, 0, NodeStatus.READY));

        assertThat(roundTrip(new java.util.ArrayList<>(outcomes))).isEqualTo(outcomes);
    }

    @Test
    void aNodesCommandLogCrossesWithEveryKindOfCommandAndAnOutcome() {
        Instant ten = Instant.parse("2026-11-22T10:00:00Z");
        List<NodeCommand> commands = List.of(new NodeCommand.Drain("c-1", 1, ten), new NodeCommand.Undrain("c-2", 2, ten),
                new NodeCommand.SetReportInterval("c-3", 3, ten, Duration.ofSeconds(90)),
                new NodeCommand.RunWorkload("c-4", 4, ten, "sensor", "ghcr.io/acme/sensor:1.2", "wasm", 500, 256),
                new NodeCommand.StopWorkload("c-5", 5, ten, "sensor"));
        CommandOutcome rejected = new CommandOutcome("c-1", 1, "gw-1", CommandOutcome.REJECTED, "invalid", null, ten.plusSeconds(2),
                List.of(new FieldError("interval", "must be between PT1S and PT1H, was PT0S")));
        CommandLog log = new CommandLog("gw-1", 5, commands.stream().map(command -> new LoggedCommand(LoggedCommand.PENDING, command,
                null, null)).toList());
        CommandLog answered = new CommandLog("gw-1", 5, java.util.stream.Stream.concat(
                java.util.stream.Stream.of(new LoggedCommand(CommandOutcome.REJECTED, commands.getFirst(), rejected, ten.plusSeconds(3))),
                log.commands().stream().skip(1)).toList());

        assertThat(roundTrip(answered)).isEqualTo(answered);
        for (Object processor : List.of(new IssueCommand(commands.get(2), 64, 100), new RecordOutcome(rejected, ten),
                new TakeCommands(4, 32), new MarkDraining(true, 7), new ExpectReportsEvery(60_000))) {
            assertThat(roundTrip(processor)).isEqualTo(processor);
        }
    }

    @Test
    void aWorkloadsEdgeRunsAndTheirFencedWriteCross() {
        Instant ten = Instant.parse("2026-11-22T10:00:00Z");
        RunSpec spec = new RunSpec("ghcr.io/acme/ingest:1.2", "runc", 250, 256);
        EdgeRun failed = new EdgeRun("gw-mad-1", EdgeRun.RUN, "edge-1", spec, ten, 3, new CommandOutcome("edge-1", 7, "gw-mad-1",
                CommandOutcome.FAILED, "exit 1", 1, ten.plusSeconds(1), List.of()), 2, ten.plusSeconds(21));
        EdgeRun stopping = new EdgeRun("gw-mad-2", EdgeRun.STOP, "edge-2", spec, ten, 3, null, 0, null);
        EdgeRuns runs = new EdgeRuns("ingest", List.of(failed, stopping));

        assertThat(roundTrip(runs)).isEqualTo(runs);
        for (RecordEdgeRun write : List.of(new RecordEdgeRun("gw-mad-1", "edge-1", stopping, 4), new RecordEdgeRun("gw-mad-2", null, null, 4))) {
            assertThat(roundTrip(write)).isEqualTo(write);
        }
    }

    private Object roundTrip(Object value) {
        return members.toObject(members.toData(value));
    }

    private static NodeReport report(String node, long sequence) {
        return new NodeReport(NodeReport.VERSION, node, sequence, Instant.parse("2026-11-22T10:00:00Z"), "edge-berlin",
                new ResourceAmounts(4000, 8192, 0, 0, 32768), new ResourceAmounts(1000, 2048, 0, 0, 0),
                new PowerReading(5.2, 2.7, 7.3, 0, true), 48.5, List.of("runc", "wasm"), List.of(), Map.of("controller", 3.5),
                Map.of("site", "berlin"), List.of());
    }
}
