package io.heliostat.controller.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.node.ApplyReports;
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
