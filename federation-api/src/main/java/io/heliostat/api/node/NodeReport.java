package io.heliostat.api.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * What an edge agent (or a member cluster's node reader) says about its node, every beat.
 *
 * <p>Versioned: {@link #version} is {@value #VERSION} for this shape. A controller reads reports of its own
 * version and ignores fields it does not know, so that agents can be upgraded before the controller.
 *
 * @param sequence    strictly increasing per node across agent restarts; the controller ignores a report whose
 *                    sequence it has seen (a duplicate or one that arrives late) and counts the gaps
 * @param cluster     the cluster or edge site the node belongs to
 * @param capacity    what the node offers to workloads (allocatable)
 * @param used        what is in use now
 * @param temperatureCelsius hottest thermal zone; absent when the node has no sensor
 * @param runtimes    sandbox runtimes the node can start: runc, gvisor, kata, firecracker, wasm
 * @param rttMs       round-trip time to each configured probe target, ms
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeReport(int version, String nodeId, long sequence, Instant observedAt, String cluster,
                         ResourceAmounts capacity, ResourceAmounts used, PowerReading power, Double temperatureCelsius,
                         List<String> runtimes, List<DpuDevice> dpus, Map<String, Double> rttMs,
                         Map<String, String> labels, List<NodeTaint> taints) implements Validated {

    public static final int VERSION = 1;
    public static final List<String> RUNTIMES = List.of("runc", "gvisor", "kata", "firecracker", "wasm");

    public NodeReport {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        dpus = dpus == null ? List.of() : List.copyOf(dpus);
        rttMs = rttMs == null ? Map.of() : Map.copyOf(rttMs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        taints = taints == null ? List.of() : List.copyOf(taints);
    }

    @Override
    public void validate(Validator validator) {
        if (version != VERSION) {
            validator.reject("version", "must be " + VERSION + ", was " + version);
        }
        validator.id("nodeId", nodeId);
        validator.atLeast("sequence", sequence, 0);
        validator.required("observedAt", observedAt);
        validator.id("cluster", cluster);
        if (validator.required("capacity", capacity)) {
            capacity.validate(validator.at("capacity"));
        }
        if (used != null) {
            used.validate(validator.at("used"));
        }
        if (validator.required("power", power)) {
            power.validate(validator.at("power"));
        }
        validator.range("temperatureCelsius", temperatureCelsius, -80, 200);
        for (int i = 0; i < runtimes.size(); i++) {
            validator.oneOf("runtimes[" + i + "]", runtimes.get(i), RUNTIMES);
        }
        for (int i = 0; i < dpus.size(); i++) {
            dpus.get(i).validate(validator.at("dpus", i));
        }
        rttMs.forEach((probe, rtt) -> validator.at("rttMs", probe).range("", rtt, 0, 60_000));
        validator.labels("labels", labels);
        for (int i = 0; i < taints.size(); i++) {
            taints.get(i).validate(validator.at("taints", i));
        }
    }
}
