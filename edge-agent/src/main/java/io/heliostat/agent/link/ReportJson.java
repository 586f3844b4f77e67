package io.heliostat.agent.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.heliostat.api.node.DpuDevice;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

/**
 * Node reports written field by field with Jackson's streaming generator, in the form data binding gives them
 * ({@link Json}; a test holds the two together), and the controller's answers read the same way. The hot path of
 * every beat: it loads a handful of classes where data binding introspects records by reflection, which costs a
 * gateway's first report about 150 ms.
 */
public final class ReportJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {
    }

    public static byte[] write(NodeReport report) {
        return generate(json -> write(json, report));
    }

    /** A JSON array of reports, as the batch endpoint takes them. */
    public static byte[] writeAll(List<NodeReport> reports) {
        return generate(json -> {
            json.writeStartArray();
            for (NodeReport report : reports) {
                write(json, report);
            }
            json.writeEndArray();
        });
    }

    /** The {@code kind} of each report outcome in the controller's answer: one object, or an array of them. */
    public static List<String> outcomeKinds(byte[] answer) throws IOException {
        List<String> kinds = new ArrayList<>();
        try (JsonParser json = FACTORY.createParser(answer)) {
            int depth = 0;
            for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && json.currentName().equals("kind") && depth <= 2) {
                    kinds.add(json.nextTextValue());
                }
            }
        }
        return kinds;
    }

    private interface Writing {
        void to(JsonGenerator json) throws IOException;
    }

    private static byte[] generate(Writing writing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            writing.to(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void write(JsonGenerator json, NodeReport report) throws IOException {
        json.writeStartObject();
        json.writeNumberField("version", report.version());
        json.writeStringField("nodeId", report.nodeId());
        json.writeNumberField("sequence", report.sequence());
        json.writeStringField("observedAt", report.observedAt().toString());
        json.writeStringField("cluster", report.cluster());
        amounts(json, "capacity", report.capacity());
        if (report.used() != null) {
            amounts(json, "used", report.used());
        }
        PowerReading power = report.power();
        json.writeObjectFieldStart("power");
        json.writeNumberField("drawWatts", power.drawWatts());
        json.writeNumberField("idleWatts", power.idleWatts());
        json.writeNumberField("maxWatts", power.maxWatts());
        json.writeNumberField("budgetWatts", power.budgetWatts());
        json.writeBooleanField("measured", power.measured());
        json.writeEndObject();
        if (report.temperatureCelsius() != null) {
            json.writeNumberField("temperatureCelsius", report.temperatureCelsius());
        }
        json.writeArrayFieldStart("runtimes");
        for (String runtime : report.runtimes()) {
            json.writeString(runtime);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("dpus");
        for (DpuDevice dpu : report.dpus()) {
            json.writeStartObject();
            optional(json, "pciAddress", dpu.pciAddress());
            optional(json, "vendorId", dpu.vendorId());
            optional(json, "deviceId", dpu.deviceId());
            optional(json, "model", dpu.model());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("rttMs");
        for (Map.Entry<String, Double> rtt : report.rttMs().entrySet()) {
            json.writeNumberField(rtt.getKey(), rtt.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> label : report.labels().entrySet()) {
            json.writeStringField(label.getKey(), label.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("taints");
        for (NodeTaint taint : report.taints()) {
            json.writeStartObject();
            optional(json, "key", taint.key());
            optional(json, "value", taint.value());
            optional(json, "effect", taint.effect());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void amounts(JsonGenerator json, String field, ResourceAmounts amounts) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("cpuMillis", amounts.cpuMillis());
        json.writeNumberField("memoryMiB", amounts.memoryMiB());
        json.writeNumberField("gpus", amounts.gpus());
        json.writeNumberField("dpus", amounts.dpus());
        json.writeNumberField("ephemeralStorageMiB", amounts.ephemeralStorageMiB());
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
