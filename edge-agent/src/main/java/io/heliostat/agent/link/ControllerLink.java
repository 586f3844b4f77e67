package io.heliostat.agent.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.heliostat.api.node.NodeReport;

/**
 * The agent's HTTP link to the controller: reports one at a time or in batches, and the command endpoints. It
 * speaks through the JDK's {@link HttpURLConnection} (keep-alive, no TLS set-up for an http:// controller) rather
 * than java.net.http.HttpClient, which sets up TLS whether it is used or not: on JRE 17 that is some 1,100 more
 * classes, about 0.5 s before the first report and several MB of memory on a gateway. Each
 * answer is sorted into delivered, worth retrying (unreachable, 5xx, and the 4xx that say nothing about the body:
 * 401, 403, 404, 408, 429, ...) or rejected for good (400, 413, 422: the body is wrong and will stay wrong).
 */
public final class ControllerLink implements ReportLink {

    /** A response: its status and its body, read up to a limit. */
    public record Answer(int status, byte[] body, boolean truncated) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_DETAIL = 2_000;
    private static final int MAX_REPORT_ANSWER = 1024 * 1024;

    private final URI controller;
    private final String api;
    private final String nodeId;
    private final int timeoutMillis;

    public ControllerLink(URI controller, String nodeId, Duration timeout) {
        this.controller = controller;
        String base = controller.toString();
        this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1";
        this.nodeId = nodeId;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** {@code POST /nodes/{id}/reports}. */
    @Override
    public Delivery sendReport(NodeReport report) {
        return deliver("/nodes/" + nodeId + "/reports", ReportJson.write(report));
    }

    /** {@code POST /reports}: all or none. */
    @Override
    public Delivery sendReports(List<NodeReport> reports) {
        return deliver("/reports", ReportJson.writeAll(reports));
    }

    private Delivery deliver(String path, byte[] body) {
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

    private static List<String> outcomes(Answer answer) {
        try {
            return ReportJson.outcomeKinds(answer.body());
        } catch (IOException e) {
            // The controller took the reports (2xx); an answer this agent cannot read does not undo that.
            return List.of();
        }
    }

    /** {@code GET} a path under /api/v1, reading at most {@code maxBytes} of the body. */
    public Answer get(String path, int maxBytes) throws IOException {
        return exchange(path, null, maxBytes);
    }

    /** {@code POST} a JSON body to a path under /api/v1, reading at most {@code maxBytes} of the answer. */
    public Answer post(String path, byte[] body, int maxBytes) throws IOException {
        return exchange(path, body, maxBytes);
    }

    private Answer exchange(String path, byte[] body, int maxBytes) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(api + path).toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setRequestProperty("Accept", "application/json");
        if (body != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            // A fixed length also keeps the connection from resending a POST on its own.
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return new Answer(status, new byte[0], false);
        }
        // Reading the answer to its end and closing it returns the connection to the keep-alive cache.
        try (InputStream in = stream) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            boolean truncated = bytes.length > maxBytes;
            if (truncated) {
                connection.disconnect();
            }
            return new Answer(status, truncated ? Arrays.copyOf(bytes, maxBytes) : bytes, truncated);
        }
    }

    @Override
    public String peer() {
        return "controller " + controller;
    }

    public String nodeId() {
        return nodeId;
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "...";
    }
}
