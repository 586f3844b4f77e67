package io.heliostat.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.DpuDevice;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.api.placement.ResourceRequest;
import io.heliostat.api.placement.SandboxSpec;
import io.heliostat.api.placement.WorkloadSpec;

class WireFormatTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static NodeReport report(long sequence) {
        return new NodeReport(NodeReport.VERSION, "gw-berlin-001", sequence, Instant.parse("2026-11-22T10:00:00Z"), "edge-berlin",
                new ResourceAmounts(4000, 8192, 0, 1, 32768), new ResourceAmounts(1200, 2048, 0, 0, 1024),
                new PowerReading(6.1, 2.7, 7.3, 15, true), 51.5, List.of("runc", "wasm"),
                List.of(new DpuDevice("0000:03:00.0", "15b3", "a2dc", "BlueField-3")), Map.of("controller", 4.2),
                Map.of("topology.kubernetes.io/zone", "DE"), List.of(new NodeTaint("edge", "true", "NoSchedule")));
    }

    @Test
    void a_valid_report_has_no_errors() {
        assertThat(report(7).validate()).isEmpty();
    }

    @Test
    void every_bad_field_of_a_report_is_named_with_what_is_allowed() {
        NodeReport bad = new NodeReport(2, "bad id!", -1, null, "edge-berlin", new ResourceAmounts(-5, 0, 0, 0, 0), null,
                new PowerReading(1, 10, 5, 0, false), 500.0, List.of("docker"),
                List.of(new DpuDevice("0000:03:00.0", "xyz", "a2dc", null)), Map.of("p", -3.0), Map.of(),
                List.of(new NodeTaint("edge", "true", "Sometimes")));

        assertThat(bad.validate()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "version", "nodeId", "sequence", "observedAt", "capacity.cpuMillis", "power.maxWatts",
                "temperatureCelsius", "runtimes[0]", "dpus[0].vendorId", "rttMs.p", "taints[0].effect");
        assertThat(bad.validate()).filteredOn(error -> error.field().equals("runtimes[0]")).singleElement()
                .extracting(FieldError::message).asString().contains("runc, gvisor, kata, firecracker, wasm").contains("docker");
    }

    @Test
    void a_report_reads_back_as_written_and_ignores_fields_from_newer_agents() throws Exception {
        NodeReport report = report(42);
        String json = JSON.writeValueAsString(report);
        String withNewField = json.replaceFirst("\\{", "{\"fanRpm\":1200,");

        assertThat(JSON.readValue(withNewField, NodeReport.class)).isEqualTo(report);
    }

    @Test
    void a_job_needs_a_duration_and_a_deadline_that_leaves_room_for_it() {
        WorkloadSpec job = new WorkloadSpec("nightly-etl", "acme", "batch", new ResourceRequest("2", "4Gi", null, null, null),
                1, null, null, null, null, null, null, null, null, null, Duration.ofHours(3),
                Instant.parse("2026-11-22T20:00:00Z"), Instant.parse("2026-11-22T22:00:00Z"), null, null);

        assertThat(job.validate()).extracting(FieldError::field).containsExactly("deadline");
    }

    @Test
    void a_service_rejects_job_fields_bad_quantities_and_an_slo_without_users() {
        WorkloadSpec service = new WorkloadSpec("web", null, "service", new ResourceRequest("two", "1Gi", null, null, null),
                0, null, null, new SandboxSpec("micro-vm", "wasm", false), null, null, 20, null, null, List.of("web"),
                Duration.ofHours(1), null, null, null, "$(curl evil)");

        assertThat(service.validate()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "requests.cpu", "replicas", "sandbox.runtime", "userLocation", "colocateWith", "duration", "image");
    }

    @Test
    void a_workload_image_is_checked_as_a_run_command_checks_it_and_reads_from_json() throws Exception {
        WorkloadSpec spec = JSON.readValue("""
                {"id": "ingest", "requests": {"cpu": "500m"}, "image": "ghcr.io/acme/ingest:1.2"}
                """, WorkloadSpec.class);
        WorkloadSpec option = JSON.readValue("""
                {"id": "ingest", "requests": {"cpu": "500m"}, "image": "--privileged"}
                """, WorkloadSpec.class);

        assertThat(spec.image()).isEqualTo("ghcr.io/acme/ingest:1.2");
        assertThat(spec.validate()).isEmpty();
        assertThat(option.validate()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("image");
            assertThat(error.message()).contains("not starting with '-'").contains("--privileged");
        });
    }
}
