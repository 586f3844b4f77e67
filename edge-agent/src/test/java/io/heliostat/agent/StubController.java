package io.heliostat.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.heliostat.agent.link.Json;
import io.heliostat.api.FieldError;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeReport;

/**
 * The controller's HTTP contract for the agent, served on loopback by the JDK's HTTP server: reports one at a time
 * and in batches (validated, a sequence at or below the last one acknowledged and ignored, 400 with a problem
 * document for bad input), and the command endpoints the agent polls. The real controller is exercised end to end
 * in the examples module; this stands in for it where the agent module cannot depend on it. It can be taken down
 * (503) and made to refuse chosen reports.
 */
public final class StubController implements AutoCloseable {

    private final ObjectMapper json = Json.mapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<NodeReport> accepted = new CopyOnWriteArrayList<>();
    private final List<String> batchSizes = new CopyOnWriteArrayList<>();
    private final List<CommandOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private volatile boolean down;
    private volatile Predicate<NodeReport> refused = report -> false;
    private volatile boolean commandsOffered = true;
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forgottenOffered = new AtomicInteger();

    public StubController() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/api/v1/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers every request with 503 until {@link #up()}. */
    public void down() {
        down = true;
    }

    public void up() {
        down = false;
    }

    /** Reports matching {@code refused} are answered 400 with a problem document. */
    public void refuse(Predicate<NodeReport> refused) {
        this.refused = refused;
    }

    /** Answers the command endpoints 404, as the controller of today does. */
    public void withoutCommands() {
        commandsOffered = false;
    }

    /** Answers outcomes of this command 404, as a controller that lost its commands (every member restarted) does. */
    public void forget(String commandId) {
        forgotten.add(commandId);
    }

    /** How many times an outcome of a forgotten command was offered. */
    public int forgottenOutcomesOffered() {
        return forgottenOffered.get();
    }

    /** Offers a command (its JSON form, as the controller would send it) to the next polls. */
    public void offer(String command) {
        commands.add(command);
    }

    /** The reports taken as new, in the order they came. */
    public List<NodeReport> accepted() {
        return List.copyOf(accepted);
    }

    /** The sequences taken as new, in the order they came. */
    public List<Long> sequences() {
        return accepted.stream().map(NodeReport::sequence).toList();
    }

    /** "single" or the size of each batch, in the order they came. */
    public List<String> requests() {
        return List.copyOf(batchSizes);
    }

    public List<CommandOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                respond(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/api/v1/reports")) {
                batchSizes.add(Integer.toString(json.readTree(body).size()));
                reports(exchange, List.of(json.readValue(body, NodeReport[].class)), true);
            } else if (path.matches("/api/v1/nodes/[^/]+/reports")) {
                batchSizes.add("single");
                reports(exchange, List.of(json.readValue(body, NodeReport.class)), false);
            } else if (!commandsOffered) {
                respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            } else if (path.matches("/api/v1/nodes/[^/]+/commands")) {
                long after = Long.parseLong(exchange.getRequestURI().getQuery().replace("after=", ""));
                ArrayNode list = json.createArrayNode();
                for (String command : commands) {
                    if (json.readTree(command).path("sequence").asLong() > after) {
                        list.add(json.readTree(command));
                    }
                }
                respond(exchange, 200, json.writeValueAsString(list));
            } else if (path.matches("/api/v1/nodes/[^/]+/commands/[^/]+/outcome")
                    && forgotten.contains(json.readValue(body, CommandOutcome.class).commandId())) {
                forgottenOffered.incrementAndGet();
                respond(exchange, 404, "{\"title\":\"Not found\",\"status\":404}");
            } else if (path.matches("/api/v1/nodes/[^/]+/commands/[^/]+/outcome")) {
                outcomes.add(json.readValue(body, CommandOutcome.class));
                respond(exchange, 204, "");
            } else {
                respond(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
            }
        }
    }

    /** All or none, as the controller takes a batch. */
    private synchronized void reports(HttpExchange exchange, List<NodeReport> reports, boolean batch) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            NodeReport report = reports.get(i);
            String prefix = batch ? "[" + i + "]." : "";
            report.validate().forEach(error -> errors.add(new FieldError(prefix + error.field(), error.message())));
            if (refused.test(report)) {
                errors.add(new FieldError(prefix + "sequence", "refused by the test"));
            }
        }
        if (!errors.isEmpty()) {
            ObjectNode problem = json.createObjectNode().put("title", "Bad Request").put("status", 400);
            problem.set("errors", json.valueToTree(errors));
            respond(exchange, 400, json.writeValueAsString(problem));
            return;
        }
        ArrayNode answers = json.createArrayNode();
        for (NodeReport report : reports) {
            long last = lastSequence.getOrDefault(report.nodeId(), 0L);
            String kind = report.sequence() > last ? "ACCEPTED" : report.sequence() == last ? "DUPLICATE" : "OUT_OF_ORDER";
            if (report.sequence() > last) {
                lastSequence.put(report.nodeId(), report.sequence());
                accepted.add(report);
            }
            answers.add(json.createObjectNode().put("kind", kind).put("sequence", report.sequence()));
        }
        respond(exchange, 202, json.writeValueAsString(batch ? answers : answers.get(0)));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
