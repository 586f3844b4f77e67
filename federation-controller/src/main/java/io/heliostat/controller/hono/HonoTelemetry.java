package io.heliostat.controller.hono;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.eclipse.hono.application.client.DownstreamMessage;
import org.eclipse.hono.application.client.kafka.KafkaMessageContext;
import org.eclipse.hono.client.kafka.KafkaRecordHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.node.NodeReport;
import io.heliostat.controller.node.ReportIntake;
import io.heliostat.controller.node.ReportOutcome;
import io.heliostat.controller.rest.ApiProblem;
import io.heliostat.controller.rest.JsonBodies;

/**
 * Node reports from Hono's telemetry topics ({@code hono.telemetry.<tenant>}), taken into the same {@link ReportIntake}
 * as the reports posted over HTTP: the device is the node, and its sequence numbers order, deduplicate and count the
 * missed reports exactly as there. A record that is not a valid report of its own device is logged with its tenant,
 * device, partition and offset, counted, and skipped: it changes nothing, and the records after it are read on.
 *
 * <p>Records arrive one at a time, in partition order, on one worker thread per tenant; each is applied before the next
 * is read, so the offset the consumer commits is never past a record not applied yet.
 */
public final class HonoTelemetry {

    private static final Logger LOG = LoggerFactory.getLogger(HonoTelemetry.class);

    /** Why a telemetry record was skipped. */
    public enum Rejection {
        /** No {@code device_id} header: Hono's adapters always set one. */
        NO_DEVICE,
        /** The {@code content-type} header is not JSON. */
        NOT_JSON,
        /** The body is not a valid {@code NodeReport}: malformed or truncated JSON, a field of the wrong type, a rule broken. */
        INVALID_REPORT,
        /** The report names another node than the device that sent it. */
        OTHER_NODE
    }

    /**
     * What became of the records read so far, on this member.
     *
     * @param applied  reports accepted into the node's state
     * @param ignored  duplicates and late reports (valid, but older than the node's last report)
     * @param rejected records skipped, by reason
     * @param failed   valid reports the fleet state could not take (the cluster was stopping or unreachable)
     */
    public record Counts(long applied, long ignored, Map<Rejection, Long> rejected, long failed) {

        public long rejected(Rejection reason) {
            return rejected.getOrDefault(reason, 0L);
        }
    }

    private final ReportIntake intake;
    private final JsonBodies bodies;
    private final BiConsumer<String, String> reported;
    private final LongAdder applied = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);

    /** @param reported told the tenant and node of each report applied or ignored: the device is connected */
    public HonoTelemetry(ReportIntake intake, JsonBodies bodies, BiConsumer<String, String> reported) {
        this.intake = intake;
        this.bodies = bodies;
        this.reported = reported;
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** Applies one telemetry record, or skips it with a reason; never throws. */
    public void handle(DownstreamMessage<KafkaMessageContext> message) {
        KafkaConsumerRecord<String, ?> record = message.getMessageContext().getRecord();
        Optional<String> device = KafkaRecordHelper.getDeviceId(record.headers()).filter(id -> !id.isBlank());
        if (device.isEmpty()) {
            reject(Rejection.NO_DEVICE, message, "the record has no device_id header");
            return;
        }
        Optional<String> contentType = KafkaRecordHelper.getContentType(record.headers());
        if (!contentType.map(HonoTelemetry::isJson).orElse(false)) {
            reject(Rejection.NOT_JSON, message, "content-type must be application/json, was "
                    + contentType.map(type -> "'" + type + "'").orElse("(none)"));
            return;
        }
        NodeReport report;
        try {
            report = bodies.read(message.getPayload() == null ? null : message.getPayload().getBytes(), NodeReport.class,
                    "node report");
        } catch (ApiProblem problem) {
            reject(Rejection.INVALID_REPORT, message, problem.getMessage() + problem.errors().stream()
                    .map(error -> error.field() + " " + error.message()).collect(Collectors.joining("; ", ": ", "")));
            return;
        }
        if (!report.nodeId().equals(device.get())) {
            reject(Rejection.OTHER_NODE, message, "nodeId must be the device's id (" + device.get() + "), was '"
                    + report.nodeId() + "'");
            return;
        }
        try {
            ReportOutcome outcome = intake.accept(report);
            (outcome.accepted() ? applied : ignored).increment();
        } catch (RuntimeException e) {
            failed.increment();
            LOG.error("telemetry record not applied, the fleet state did not take it: {}", where(message), e);
            return;
        }
        try {
            reported.accept(message.getTenantId(), report.nodeId());
        } catch (RuntimeException e) {
            LOG.warn("node {} reported through Hono, and its pending commands could not be looked up: {}", report.nodeId(), e.toString());
        }
    }

    public Counts counts() {
        Map<Rejection, Long> byReason = new EnumMap<>(Rejection.class);
        rejected.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new Counts(applied.sum(), ignored.sum(), Map.copyOf(byReason), failed.sum());
    }

    /** application/json, with or without parameters, or a JSON-based type such as application/vnd.heliostat+json. */
    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private void reject(Rejection reason, DownstreamMessage<KafkaMessageContext> message, String why) {
        rejected.get(reason).increment();
        LOG.warn("telemetry record skipped ({}): {}; {}", reason, why, where(message));
    }

    private static String where(DownstreamMessage<KafkaMessageContext> message) {
        KafkaConsumerRecord<String, ?> record = message.getMessageContext().getRecord();
        return "tenant " + message.getTenantId() + ", device " + KafkaRecordHelper.getDeviceId(record.headers()).orElse("(none)")
                + ", topic " + record.topic() + ", partition " + record.partition() + ", offset " + record.offset();
    }
}
