package io.heliostat.api.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * A workload to place: the body of {@code POST /api/v1/placements}, and the template part of a
 * FederatedWorkload. Its vocabulary is the solver's problem file's, with wall-clock times for jobs.
 *
 * @param kind         service (runs until deleted), batch (a deferrable job: give {@code duration} and
 *                     {@code deadline}) or inference; default service
 * @param replicas     default 1
 * @param residency    jurisdictions the workload may run in (zone ids or tags such as EU); empty allows any
 * @param userLocation where its users are, as a user-location id of the fleet; needed by {@code latencySloMs}
 * @param latencySloMs the most round-trip time its users may see; 0 or absent for none
 * @param colocateWith workloads that must run in the same latency domain as each replica
 * @param duration     how long a batch job runs (ISO-8601, such as PT2H)
 * @param notBefore    earliest start of a batch job; default now
 * @param deadline     when a batch job must have finished
 * @param policy       the placement policy it is placed under, by name: its weights price the workload and its hard
 *                     rules join the workload's own; default {@code default}
 * @param image        what to run: an OCI reference, a path or a URL, as a node command names it
 *                     ({@link io.heliostat.api.node.NodeCommand#IMAGE}). The controller runs each replica placed on an
 *                     edge gateway through the gateway's agent (a batch job from its start until it ends) and stops it
 *                     when the replica moves or the workload goes; absent, the workload is placed but never run on
 *                     edge nodes
 */
public record WorkloadSpec(String id, String tenant, String kind, ResourceRequest requests, Integer replicas,
                           Map<String, String> nodeSelector, List<TolerationSpec> tolerations, SandboxSpec sandbox,
                           List<String> residency, String userLocation, Integer latencySloMs, SpreadSpec spread,
                           Boolean antiAffinity, List<String> colocateWith, Duration duration, Instant notBefore,
                           Instant deadline, String policy, String image) implements Validated {

    public static final List<String> KINDS = List.of("service", "batch", "inference");
    public static final int MAX_REPLICAS = 1000;
    /** Jobs are planned over the fleet's horizon; a week covers every trace and forecast there is. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public WorkloadSpec {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        residency = residency == null ? List.of() : List.copyOf(residency);
        colocateWith = colocateWith == null ? List.of() : List.copyOf(colocateWith);
    }

    public String kindOrDefault() {
        return kind == null ? "service" : kind;
    }

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }

    @JsonIgnore
    public boolean isJob() {
        return "batch".equals(kindOrDefault());
    }

    @Override
    public void validate(Validator validator) {
        validator.id("id", id);
        validator.optionalId("tenant", tenant);
        validator.oneOf("kind", kind, KINDS);
        if (validator.required("requests", requests)) {
            requests.validate(validator.at("requests"));
        }
        validator.range("replicas", replicas, 1, MAX_REPLICAS);
        validator.labels("nodeSelector", nodeSelector);
        for (int i = 0; i < tolerations.size(); i++) {
            tolerations.get(i).validate(validator.at("tolerations", i));
        }
        if (sandbox != null) {
            sandbox.validate(validator.at("sandbox"));
        }
        validator.range("latencySloMs", latencySloMs, 0, 60_000);
        if (latencySloMs != null && latencySloMs > 0 && userLocation == null) {
            validator.reject("userLocation", "is required when latencySloMs is set");
        }
        validator.optionalId("userLocation", userLocation);
        if (spread != null) {
            spread.validate(validator.at("spread"));
        }
        validator.ids("colocateWith", colocateWith);
        if (colocateWith.contains(id)) {
            validator.reject("colocateWith", "must not name the workload itself");
        }
        validator.optionalId("policy", policy);
        if (image != null) {
            validator.image("image", image);
        }
        validateJob(validator);
    }

    private void validateJob(Validator validator) {
        if (!isJob()) {
            onlyForJobs(validator, "duration", duration);
            onlyForJobs(validator, "notBefore", notBefore);
            onlyForJobs(validator, "deadline", deadline);
            return;
        }
        if (validator.required("duration", duration)
                && (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0)) {
            validator.reject("duration", "must be more than zero and at most " + MAX_DURATION + ", was " + duration);
        }
        if (validator.required("deadline", deadline) && duration != null && notBefore != null
                && notBefore.plus(duration).isAfter(deadline)) {
            validator.reject("deadline", "must be at least duration after notBefore (" + notBefore.plus(duration) + "), was "
                    + deadline);
        }
    }

    private void onlyForJobs(Validator validator, String field, Object value) {
        if (value != null) {
            validator.reject(field, "applies to batch jobs only; kind is " + kindOrDefault());
        }
    }
}
