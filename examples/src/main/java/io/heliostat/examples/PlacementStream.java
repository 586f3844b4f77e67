package io.heliostat.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The demo's placement requests: the workloads of the fleet file, posted to {@code POST /api/v1/placements}
 * one at a time as a user would. A job's slots in the file become wall-clock times from now.
 */
final class PlacementStream {

    private final List<ObjectNode> requests;
    private final URI controller;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private int next;

    private PlacementStream(List<ObjectNode> requests, URI controller, ObjectMapper json) {
        this.requests = requests;
        this.controller = controller;
        this.json = json;
    }

    static PlacementStream of(Path fleetFile, URI controller, ObjectMapper json, Clock clock) throws IOException {
        JsonNode file = json.readTree(fleetFile.toFile());
        Duration slot = Duration.ofMinutes(file.path("horizon").path("slotMinutes").asLong(60));
        Instant now = clock.instant();
        List<ObjectNode> requests = new ArrayList<>();
        for (JsonNode workload : file.path("workloads")) {
            ObjectNode request = ((ObjectNode) workload).deepCopy();
            request.remove(List.of("description", "releaseSlot", "deadlineSlot", "durationSlots"));
            if ("batch".equals(workload.path("kind").asText())) {
                int slots = file.path("horizon").path("slots").asInt(24);
                int deadline = workload.path("deadlineSlot").asInt(slots);
                request.put("duration", slot.multipliedBy(workload.path("durationSlots").asInt(1)).toString());
                request.put("notBefore", now.plus(slot.multipliedBy(workload.path("releaseSlot").asInt(0))).toString());
                request.put("deadline", now.plus(slot.multipliedBy(deadline)).toString());
            }
            requests.add(request);
        }
        return new PlacementStream(requests, controller, json);
    }

    boolean hasNext() {
        return next < requests.size();
    }

    /** Posts the next request and says in one line where its replicas went, or why not. */
    String postNext() throws IOException, InterruptedException {
        ObjectNode request = requests.get(next++);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(controller.resolve("/api/v1/placements"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = request.path("id").asText();
        if (response.statusCode() != 201) {
            return String.format(Locale.ROOT, "  %-16s HTTP %d: %s", id, response.statusCode(),
                    json.readTree(response.body()).path("detail").asText());
        }
        JsonNode decision = json.readTree(response.body());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-16s %6.1f g CO2e/h  %4d µs  ", id,
                decision.path("gramsPerHour").asDouble(), decision.path("decisionMicros").asLong()));
        for (JsonNode replica : decision.path("replicas")) {
            line.append(replica.path("node").isNull() ? "unplaced" : replica.path("node").asText() + "/" + replica.path("zone").asText());
            if (!replica.path("startAt").isNull() && !replica.path("startAt").isMissingNode()) {
                line.append('@').append(replica.path("startAt").asText(), 11, 16);
            }
            line.append(' ');
        }
        JsonNode first = decision.path("replicas").path(0).path("alternatives").path(0);
        if (!first.isMissingNode()) {
            line.append(" | not ").append(first.path("node").asText()).append(": ").append(first.path("reason").asText());
        }
        return line.toString();
    }
}
