package io.heliostat.controller.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;

import io.heliostat.api.federation.FederatedWorkload;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

/**
 * A member cluster's Kubernetes nodes as fleet nodes: each Ready, schedulable node becomes a {@link NodeReport}, the
 * same report an edge agent sends, so that a member node ages, turns Suspect and Lost, and loses its workloads exactly
 * as a gateway does. Its id is {@code <cluster>.<node name>}; its labels are the node's, over the MemberCluster's own
 * (so that policies' cluster selectors match them), with {@value FederatedWorkload#CLUSTER_LABEL}; its taints are the
 * node's and the MemberCluster's.
 *
 * <p>Power: a node's annotations {@value #IDLE_WATTS} and {@value #MAX_WATTS}, else the MemberCluster's
 * {@code nodePower}, else {@value #IDLE_WATTS_PER_CPU} W idle and {@value #MAX_WATTS_PER_CPU} W at full load per
 * allocatable CPU: the means of Cloud Carbon Footprint's AWS coefficients over 20 CPU microarchitectures
 * (cloud-carbon-footprint/ccf-coefficients, Apache-2.0).
 */
public final class MemberNodes {

    public static final String IDLE_WATTS = "heliostat.io/idle-watts";
    public static final String MAX_WATTS = "heliostat.io/max-watts";
    public static final double IDLE_WATTS_PER_CPU = 1.01;
    public static final double MAX_WATTS_PER_CPU = 3.81;
    /** Extended resources counted as GPUs. */
    public static final List<String> GPU_RESOURCES = List.of("nvidia.com/gpu", "amd.com/gpu");
    /** The extended resource counted as DPUs: a device plugin advertises it. */
    public static final String DPU_RESOURCE = "heliostat.io/dpu";

    private MemberNodes() {
    }

    /** The fleet id of a member's node. */
    public static String nodeId(String cluster, String nodeName) {
        return cluster + "." + nodeName;
    }

    /** The Kubernetes name of a member node, from its fleet id. */
    public static String nodeName(String cluster, String nodeId) {
        return nodeId.substring(cluster.length() + 1);
    }

    /**
     * The sandbox runtime each RuntimeClass gives, by the class's handler: runsc is gVisor, kata-fc and
     * firecracker are Firecracker, other kata handlers are Kata, and WASM shims (spin, wasmtime, wasmedge, slight,
     * crun-wasm) are WASM. Classes with other handlers give nothing the solver knows. runc needs no class.
     */
    public static Map<String, String> runtimeClasses(List<RuntimeClass> classes) {
        Map<String, String> byRuntime = new TreeMap<>();
        for (RuntimeClass runtimeClass : classes) {
            runtimeOf(runtimeClass.getHandler()).ifPresent(runtime -> byRuntime.putIfAbsent(runtime, runtimeClass.getMetadata().getName()));
        }
        return byRuntime;
    }

    static Optional<String> runtimeOf(String handler) {
        if (handler == null) {
            return Optional.empty();
        }
        String h = handler.toLowerCase(java.util.Locale.ROOT);
        if (h.equals("runsc") || h.contains("gvisor")) {
            return Optional.of("gvisor");
        }
        if (h.equals("kata-fc") || h.contains("firecracker")) {
            return Optional.of("firecracker");
        }
        if (h.startsWith("kata")) {
            return Optional.of("kata");
        }
        if (h.contains("wasm") || h.equals("spin") || h.equals("slight")) {
            return Optional.of("wasm");
        }
        if (h.equals("runc") || h.equals("crun")) {
            return Optional.of("runc");
        }
        return Optional.empty();
    }

    /** Whether the node takes new pods: Ready and not cordoned. */
    public static boolean schedulable(Node node) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** The node's report at {@code now}, for a member cluster with these labels and spec. */
    public static NodeReport report(String cluster, Map<String, String> clusterLabels, MemberClusterSpec spec, Node node,
                                    Map<String, RuntimeClass> classes, Instant now) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        long cpuMillis = millis(allocatable.get("cpu"));
        int gpus = GPU_RESOURCES.stream().mapToInt(name -> (int) whole(allocatable.get(name))).sum();
        ResourceAmounts capacity = new ResourceAmounts(cpuMillis, mebibytes(allocatable.get("memory")), gpus,
                (int) whole(allocatable.get(DPU_RESOURCE)), mebibytes(allocatable.get("ephemeral-storage")));
        Map<String, String> nodeLabels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> labels = new HashMap<>(clusterLabels);
        labels.putAll(nodeLabels);
        labels.put(FederatedWorkload.CLUSTER_LABEL, cluster);
        labels.put(FederatedWorkloads.MEMBER_NODE_LABEL, "true");
        List<NodeTaint> taints = new ArrayList<>(spec.taints());
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            node.getSpec().getTaints().forEach(taint -> taints.add(new NodeTaint(taint.getKey(), taint.getValue(), taint.getEffect())));
        }
        Set<String> runtimes = new TreeSet<>(List.of("runc"));
        classes.forEach((name, runtimeClass) -> {
            Map<String, String> selector = runtimeClass.getScheduling() == null || runtimeClass.getScheduling().getNodeSelector() == null
                    ? Map.of() : runtimeClass.getScheduling().getNodeSelector();
            if (selector.entrySet().stream().allMatch(entry -> entry.getValue().equals(nodeLabels.get(entry.getKey())))) {
                runtimeOf(runtimeClass.getHandler()).ifPresent(runtimes::add);
            }
        });
        PowerReading power = power(node, spec, cpuMillis);
        return new NodeReport(NodeReport.VERSION, nodeId(cluster, node.getMetadata().getName()), now.toEpochMilli(), now, cluster,
                capacity, null, power, null, List.copyOf(runtimes), List.of(), Map.of(), labels, taints);
    }

    private static PowerReading power(Node node, MemberClusterSpec spec, long cpuMillis) {
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
        Optional<Double> idle = watts(annotations.get(IDLE_WATTS));
        Optional<Double> max = watts(annotations.get(MAX_WATTS));
        double idleWatts;
        double maxWatts;
        if (idle.isPresent() && max.isPresent() && max.get() >= idle.get()) {
            idleWatts = idle.get();
            maxWatts = max.get();
        } else if (spec.nodePower() != null) {
            idleWatts = spec.nodePower().idleWatts();
            maxWatts = spec.nodePower().maxWatts();
        } else {
            idleWatts = IDLE_WATTS_PER_CPU * cpuMillis / 1000.0;
            maxWatts = MAX_WATTS_PER_CPU * cpuMillis / 1000.0;
        }
        return new PowerReading(idleWatts, idleWatts, maxWatts, 0, false);
    }

    private static Optional<Double> watts(String text) {
        try {
            double value = Double.parseDouble(text);
            return value >= 0 && value <= MemberClusterSpec.NodePower.MAX_WATTS ? Optional.of(value) : Optional.empty();
        } catch (NullPointerException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long millis(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).multiply(java.math.BigDecimal.valueOf(1000)).longValue();
    }

    private static long mebibytes(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).divide(java.math.BigDecimal.valueOf(1024L * 1024L),
                java.math.RoundingMode.DOWN).longValue();
    }

    private static long whole(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).longValue();
    }
}
