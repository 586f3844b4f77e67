package io.heliostat.carbon.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers as a carbon provider would, from recorded or hand-written bodies: a real server on
 * loopback, so that the feeds' HTTP client, timeouts and status handling run as against the provider. Each path answers
 * from its queue of scripted responses first, then from its standing answer; every request is recorded.
 */
public final class ProviderServer implements AutoCloseable {

    /** One answer: a status, headers and a body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body);
        }
    }

    /** A request as received: path, query and headers (names in lower case). */
    public record Request(String path, Map<String, String> query, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Function<Request, Answer>> standing = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    private ProviderServer(HttpServer server) {
        this.server = server;
    }

    public static ProviderServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ProviderServer provider = new ProviderServer(server);
            server.createContext("/", provider::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return provider;
        } catch (IOException e) {
            throw new IllegalStateException("no local provider server: " + e, e);
        }
    }

    /** A recorded body from the test resources beside this class, such as {@code watttime/watttime_v3_forecast_example.json}. */
    public static String recorded(String name) {
        try (InputStream in = Objects.requireNonNull(ProviderServer.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, with {@code path} appended (such as {@code /v3}). */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code path} answers {@code answer} from now on, once its scripted answers are used up. */
    public ProviderServer always(String path, Answer answer) {
        standing.put(path, request -> answer);
        return this;
    }

    /** {@code path} answers what {@code answer} makes of each request, once its scripted answers are used up. */
    public ProviderServer always(String path, Function<Request, Answer> answer) {
        standing.put(path, answer);
        return this;
    }

    /** {@code path} answers these next, in order, before its standing answer. */
    public ProviderServer next(String path, Answer... answers) {
        Deque<Answer> queue = scripted.computeIfAbsent(path, key -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(answers));
        }
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
        Request request = new Request(uri.getPath(), query(uri.getRawQuery()), Map.copyOf(headers));
        requests.add(request);
        Answer answer = answerTo(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Answer answerTo(Request request) {
        Deque<Answer> queue = scripted.get(request.path());
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.poll();
                }
            }
        }
        Function<Request, Answer> answer = standing.get(request.path());
        return answer == null ? new Answer(404, Map.of(), "{\"error\":\"no such path\"}") : answer.apply(request);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
