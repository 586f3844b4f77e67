package io.heliostat.agent.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.heliostat.api.node.NodeReport;

/**
 * The agent's HTTP link to the controller: reports one at a time or in batches, and the command endpoints. Each
 * answer is sorted into delivered, worth retrying (unreachable, 5xx, and the 4xx that say nothing about the body:
 * 401, 403, 404, 408, 429, ...) or rejected for good (400, 413, 422: the body is wrong and will stay wrong).
 */
public final class ControllerLink {

    public enum Result { DELIVERED, RETRY, REJECTED }

    /**
     * @param detail   for a retry or a rejection, the status and the problem document (or why there was no answer)
     * @param outcomes for a delivery, the controller's word on each report: ACCEPTED, DUPLICATE or OUT_OF_ORDER
     */
    public record Delivery(Result result, String detail, List<String> outcomes) {
    }

    /** A response: its status and its body, read up to a limit. */
    public record Answer(int status, byte[] body, boolean truncated) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_DETAIL = 2_000;
    private static final int MAX_REPORT_ANSWER = 1024 * 1024;

    private final String api;
    private final String nodeId;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public ControllerLink(URI controller, String nodeId, Duration timeout, ObjectMapper json) {
        String base = controller.toString();
        this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
        this.nodeId = nodeId;
        this.timeout = timeout;
        this.json = json;
        // HTTP/1.1: no h2c upgrade round on a plain-text link; keep-alive carries the reports.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** {@code POST /nodes/{id}/reports}. */
    public Delivery sendReport(NodeReport report) {
        return deliver("/nodes/" + nodeId + "/reports", report);
    }

    /** {@code POST /reports}: all or none. */
    public Delivery sendReports(List<NodeReport> reports) {
        return deliver("/reports", reports);
    }

    private Delivery deliver(String path, Object body) {
        Answer answer;
        try {
            answer = post(path, body, MAX_REPORT_ANSWER);
        } catch (IOException e) {
            return new Delivery(Result.RETRY, "controller unreachable: " + e, List.of());
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return new Delivery(Result.DELIVERED, "", outcomes(answer));
        }
        String detail = "HTTP " + status + ": " + abbreviate(answer.text());
        return new Delivery(status == 400 || status == 413 || status == 422 ? Result.REJECTED : Result.RETRY, detail, List.of());
    }

    private List<String> outcomes(Answer answer) {
        List<String> kinds = new ArrayList<>();
        try {
            JsonNode tree = json.readTree(answer.body());
            if (tree != null && tree.isArray()) {
                tree.forEach(outcome -> kinds.add(outcome.path("kind").asText("ACCEPTED")));
            } else if (tree != null) {
                kinds.add(tree.path("kind").asText("ACCEPTED"));
            }
        } catch (IOException e) {
            // The controller took the reports (2xx); an answer this agent cannot read does not undo that.
        }
        return kinds;
    }

    /** {@code GET} a path under /api/v1, reading at most {@code maxBytes} of the body. */
    public Answer get(String path, int maxBytes) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout).GET().build(), maxBytes);
    }

    /** {@code POST} a JSON body to a path under /api/v1, reading at most {@code maxBytes} of the answer. */
    public Answer post(String path, Object body, int maxBytes) throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a body of the agent's own types does not serialise: " + e.getMessage(), e);
        }
        return send(HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), maxBytes);
    }

    private Answer send(HttpRequest request, int maxBytes) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(maxBytes + 1);
                boolean truncated = bytes.length > maxBytes;
                return new Answer(response.statusCode(), truncated ? java.util.Arrays.copyOf(bytes, maxBytes) : bytes, truncated);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "...";
    }
}
