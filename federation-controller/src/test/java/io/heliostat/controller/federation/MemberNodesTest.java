package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;

class MemberNodesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static MemberClusterSpec spec(MemberClusterSpec.NodePower power) {
        return new MemberClusterSpec(new MemberClusterSpec.SecretKeyReference(null, "eu-west", null), "IE", "aws", null, false,
                List.of("EU"), 53.3, -6.3, null, List.of(new NodeTaint("heliostat.io/region", "ie", "PreferNoSchedule")), power, null);
    }

    private static Node node(String name, Map<String, String> labels, Map<String, String> annotations, boolean ready, boolean cordoned) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).addNewTaint().withKey("gpu").withValue("true").withEffect("NoSchedule").endTaint()
                .endSpec()
                .withNewStatus().addToAllocatable("cpu", new Quantity("7910m")).addToAllocatable("memory", new Quantity("30Gi"))
                .addToAllocatable("nvidia.com/gpu", new Quantity("2")).addToAllocatable("ephemeral-storage", new Quantity("100Gi"))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }

    private static RuntimeClass runtimeClass(String name, String handler, Map<String, String> nodeSelector) {
        return new RuntimeClassBuilder().withNewMetadata().withName(name).endMetadata().withHandler(handler)
                .withNewScheduling().withNodeSelector(nodeSelector).endScheduling().build();
    }

    @Test
    void a_node_reports_its_allocatable_its_cluster_labels_under_its_own_and_both_taint_lists() {
        NodeReport report = MemberNodes.report("eu-west", Map.of("tier", "production", "zone", "cluster-wide"), spec(null),
                node("ip-10-0-1-5", Map.of("zone", "eu-west-1a"), Map.of(), true, false), Map.of(), NOW);

        assertThat(report.validate()).isEmpty();
        assertThat(report.nodeId()).isEqualTo("eu-west.ip-10-0-1-5");
        assertThat(report.cluster()).isEqualTo("eu-west");
        assertThat(report.sequence()).isEqualTo(NOW.toEpochMilli());
        assertThat(report.capacity().cpuMillis()).isEqualTo(7910);
        assertThat(report.capacity().memoryMiB()).isEqualTo(30 * 1024);
        assertThat(report.capacity().gpus()).isEqualTo(2);
        assertThat(report.capacity().ephemeralStorageMiB()).isEqualTo(100 * 1024);
        assertThat(report.labels()).containsEntry("tier", "production").containsEntry("zone", "eu-west-1a")
                .containsEntry(FederatedWorkload.CLUSTER_LABEL, "eu-west").containsEntry(FederatedWorkloads.MEMBER_NODE_LABEL, "true");
        assertThat(report.taints()).extracting(NodeTaint::key).containsExactly("heliostat.io/region", "gpu");
        assertThat(report.runtimes()).containsExactly("runc");
    }

    @Test
    void power_comes_from_the_node_annotations_then_the_member_spec_then_the_per_cpu_coefficients() {
        Node annotated = node("a", Map.of(), Map.of(MemberNodes.IDLE_WATTS, "95", MemberNodes.MAX_WATTS, "410"), true, false);
        Node plain = node("b", Map.of(), Map.of(), true, false);

        assertThat(MemberNodes.report("c", Map.of(), spec(null), annotated, Map.of(), NOW).power().maxWatts()).isEqualTo(410);
        assertThat(MemberNodes.report("c", Map.of(), spec(new MemberClusterSpec.NodePower(60.0, 300.0)), plain, Map.of(), NOW)
                .power().idleWatts()).isEqualTo(60);
        // 7.91 allocatable CPUs: 7.91 x 1.01 W idle and 7.91 x 3.81 W at full load.
        NodeReport modelled = MemberNodes.report("c", Map.of(), spec(null), plain, Map.of(), NOW);
        assertThat(modelled.power().idleWatts()).isCloseTo(7.9891, Offset.offset(1e-9));
        assertThat(modelled.power().maxWatts()).isCloseTo(30.1371, Offset.offset(1e-9));
        assertThat(modelled.power().measured()).isFalse();
    }

    @Test
    void a_runtime_class_gives_its_sandbox_only_on_the_nodes_its_scheduling_selects() {
        Map<String, RuntimeClass> classes = Map.of(
                "gvisor", runtimeClass("gvisor", "runsc", Map.of("sandbox", "gvisor")),
                "kata-fc", runtimeClass("kata-fc", "kata-fc", Map.of()));

        NodeReport sandboxed = MemberNodes.report("c", Map.of(), spec(null), node("a", Map.of("sandbox", "gvisor"), Map.of(), true, false),
                classes, NOW);
        NodeReport plain = MemberNodes.report("c", Map.of(), spec(null), node("b", Map.of(), Map.of(), true, false), classes, NOW);

        assertThat(sandboxed.runtimes()).containsExactly("firecracker", "gvisor", "runc");
        assertThat(plain.runtimes()).containsExactly("firecracker", "runc");
        assertThat(MemberNodes.runtimeClasses(List.copyOf(classes.values())))
                .containsEntry("gvisor", "gvisor").containsEntry("firecracker", "kata-fc");
    }

    @ParameterizedTest(name = "handler {0} gives {1}")
    @CsvSource({"runsc, gvisor", "kata, kata", "kata-qemu, kata", "kata-fc, firecracker", "spin, wasm", "wasmtime, wasm",
            "crun-wasm, wasm", "runc, runc", "nvidia, none"})
    void a_handler_names_the_sandbox_it_runs(String handler, String runtime) {
        assertThat(MemberNodes.runtimeOf(handler).orElse("none")).isEqualTo(runtime);
    }

    @Test
    void only_ready_uncordoned_nodes_take_pods() {
        assertThat(MemberNodes.schedulable(node("a", Map.of(), Map.of(), true, false))).isTrue();
        assertThat(MemberNodes.schedulable(node("b", Map.of(), Map.of(), false, false))).isFalse();
        assertThat(MemberNodes.schedulable(node("c", Map.of(), Map.of(), true, true))).isFalse();
    }

    @Test
    void a_member_node_id_gives_back_the_kubernetes_name() {
        assertThat(MemberNodes.nodeName("eu-west", MemberNodes.nodeId("eu-west", "ip-10-0-1-5.ec2.internal")))
                .isEqualTo("ip-10-0-1-5.ec2.internal");
    }
}
