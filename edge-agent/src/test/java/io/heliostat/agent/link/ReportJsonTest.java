package io.heliostat.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.DpuDevice;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

class ReportJsonTest {

    private static final ObjectMapper JSON = Json.mapper();

    static final NodeReport FULL = new NodeReport(NodeReport.VERSION, "dpu-host-1", 42, Instant.parse("2026-11-22T10:00:00.123456Z"),
            "de-frankfurt", new ResourceAmounts(48000, 128786, 2, 3, 258019), new ResourceAmounts(1200, 4096, 0, 0, 120),
            new PowerReading(187.25, 100, 400, 0, true), 67.0, List.of("runc", "gvisor", "kata"),
            List.of(new DpuDevice("0000:03:00.0", "15b3", "a2dc", "BlueField-3"), new DpuDevice("0000:6a:00.0", "8086", "1453", null)),
            Map.of("controller", 0.42, "dns \"quoted\"", 12.5), Map.of("topology.kubernetes.io/zone", "DE", "empty", ""),
            List.of(new NodeTaint("heliostat.io/edge", "true", "NoSchedule"), new NodeTaint("gpu", null, "PreferNoSchedule")));

    static final NodeReport SPARSE = new NodeReport(NodeReport.VERSION, "gw-mad-1", 1, Instant.parse("2026-11-22T10:00:00Z"),
            "edge-madrid-store", new ResourceAmounts(0, 0, 0, 0, 0), null, new PowerReading(2, 2, 6, 0, false), null, List.of(),
            List.of(), Map.of(), Map.of(), List.of());

    @Test
    void reports_are_written_as_data_binding_writes_them_and_read_back_the_same() throws Exception {
        for (NodeReport report : List.of(FULL, SPARSE)) {
            byte[] written = ReportJson.write(report);

            assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(JSON.writeValueAsBytes(report)));
            assertThat(JSON.readValue(written, NodeReport.class)).isEqualTo(report);
        }
        assertThat(JSON.readValue(ReportJson.writeAll(List.of(FULL, SPARSE)), NodeReport[].class)).containsExactly(FULL, SPARSE);
    }

    @Test
    void the_outcome_kinds_of_one_report_or_a_batch_are_read_in_order() throws Exception {
        assertThat(ReportJson.outcomeKinds("{\"kind\":\"ACCEPTED\",\"sequence\":3,\"missed\":0,\"previousStatus\":null}".getBytes()))
                .containsExactly("ACCEPTED");
        assertThat(ReportJson.outcomeKinds(("[{\"kind\":\"ACCEPTED\",\"sequence\":3},{\"kind\":\"DUPLICATE\",\"sequence\":3},"
                + "{\"sequence\":2,\"kind\":\"OUT_OF_ORDER\"}]").getBytes())).containsExactly("ACCEPTED", "DUPLICATE", "OUT_OF_ORDER");
    }
}
