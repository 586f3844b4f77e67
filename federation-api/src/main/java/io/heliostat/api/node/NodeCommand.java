package io.heliostat.api.node;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * What the controller asks a node's agent to do. The agent polls for commands newer than the last it took
 * ({@code GET /api/v1/nodes/{id}/commands?after={sequence}}, a JSON array in sequence order) and answers each with
 * a {@link CommandOutcome}. The JSON form names the command in {@code kind}.
 *
 * <p>Every command carries {@code commandId} (unique, the outcome's address), {@code sequence} (strictly increasing
 * per node, so that an agent takes each command once) and {@code issuedAt}. A command whose JSON form is longer than
 * {@link #MAX_BYTES} is rejected unread.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NodeCommand.Drain.class, name = NodeCommand.DRAIN),
        @JsonSubTypes.Type(value = NodeCommand.Undrain.class, name = NodeCommand.UNDRAIN),
        @JsonSubTypes.Type(value = NodeCommand.SetReportInterval.class, name = NodeCommand.SET_REPORT_INTERVAL),
        @JsonSubTypes.Type(value = NodeCommand.RunWorkload.class, name = NodeCommand.RUN_WORKLOAD),
        @JsonSubTypes.Type(value = NodeCommand.StopWorkload.class, name = NodeCommand.STOP_WORKLOAD)})
public sealed interface NodeCommand extends Validated {

    String DRAIN = "drain";
    String UNDRAIN = "undrain";
    String SET_REPORT_INTERVAL = "set-report-interval";
    String RUN_WORKLOAD = "run-workload";
    String STOP_WORKLOAD = "stop-workload";
    List<String> KINDS = List.of(DRAIN, UNDRAIN, SET_REPORT_INTERVAL, RUN_WORKLOAD, STOP_WORKLOAD);

    /** The longest command an agent reads, in bytes of its JSON form. */
    int MAX_BYTES = 16 * 1024;

    Duration MIN_REPORT_INTERVAL = Duration.ofSeconds(1);
    Duration MAX_REPORT_INTERVAL = Duration.ofHours(1);

    /** What may name a workload's image or artifact: {@link Validator#IMAGE}. */
    Pattern IMAGE = Validator.IMAGE;

    String commandId();

    long sequence();

    Instant issuedAt();

    /**
     * Take no new workloads and stop the ones the agent started; reports carry the taint
     * {@code heliostat.io/draining=true:NoSchedule} until an {@link Undrain}.
     */
    record Drain(String commandId, long sequence, Instant issuedAt) implements NodeCommand {

        @Override
        public void validate(Validator validator) {
            validateCommon(this, validator);
        }
    }

    /** Take workloads again after a {@link Drain}. */
    record Undrain(String commandId, long sequence, Instant issuedAt) implements NodeCommand {

        @Override
        public void validate(Validator validator) {
            validateCommon(this, validator);
        }
    }

    /** Report every {@code interval} from now on (1 s to 1 h), until another such command or the agent restarts. */
    record SetReportInterval(String commandId, long sequence, Instant issuedAt, Duration interval) implements NodeCommand {

        @Override
        public void validate(Validator validator) {
            validateCommon(this, validator);
            if (validator.required("interval", interval)
                    && (interval.compareTo(MIN_REPORT_INTERVAL) < 0 || interval.compareTo(MAX_REPORT_INTERVAL) > 0)) {
                validator.reject("interval", "must be between " + MIN_REPORT_INTERVAL + " and " + MAX_REPORT_INTERVAL
                        + ", was " + interval);
            }
        }
    }

    /**
     * Start a workload through the node's local runtime command.
     *
     * @param workloadId the workload's id; the agent's stop command and {@link StopWorkload} name it
     * @param image      what to run: an OCI reference, a path or a URL ({@link #IMAGE})
     * @param runtime    the sandbox runtime to run it in, one of {@link NodeReport#RUNTIMES}
     * @param cpuMillis  the CPU it may use, millicores; 0 for no limit
     * @param memoryMiB  the memory it may use; 0 for no limit
     */
    record RunWorkload(String commandId, long sequence, Instant issuedAt, String workloadId, String image, String runtime,
                       long cpuMillis, long memoryMiB) implements NodeCommand {

        @Override
        public void validate(Validator validator) {
            validateCommon(this, validator);
            validator.id("workloadId", workloadId);
            validator.image("image", image);
            if (validator.required("runtime", runtime)) {
                validator.oneOf("runtime", runtime, NodeReport.RUNTIMES);
            }
            validator.atLeast("cpuMillis", cpuMillis, 0);
            validator.atLeast("memoryMiB", memoryMiB, 0);
        }
    }

    /** Stop a workload started by {@link RunWorkload}. */
    record StopWorkload(String commandId, long sequence, Instant issuedAt, String workloadId) implements NodeCommand {

        @Override
        public void validate(Validator validator) {
            validateCommon(this, validator);
            validator.id("workloadId", workloadId);
        }
    }

    private static void validateCommon(NodeCommand command, Validator validator) {
        validator.id("commandId", command.commandId());
        validator.atLeast("sequence", command.sequence(), 1);
        validator.required("issuedAt", command.issuedAt());
    }
}
