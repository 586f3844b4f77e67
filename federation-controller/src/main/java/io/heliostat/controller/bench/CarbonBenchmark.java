package io.heliostat.controller.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.feed.ElectricityMapsRoutes;
import io.heliostat.carbon.feed.PollOutcome;
import io.heliostat.carbon.forecast.EvaluationSettings;
import io.heliostat.carbon.forecast.ForecastAccuracy;
import io.heliostat.carbon.forecast.HoltWintersForecaster;
import io.heliostat.solver.trace.BundledTrace;

/**
 * The carbon feeds under load: {@code --zones} zones (500 by default) polled by the Electricity Maps routes, with its
 * forecast, from a local server that answers as the provider does and enforces a rate limit of
 * {@code --rate-limit} requests per second (a 429 for each request past it, counted). A full refresh must deliver every
 * zone within one poll period ({@code --period-s}) with no 429. Then the 24 h forecast error of the zones' own-history
 * forecast (Holt-Winters, daily season, rolling origins over the whole year) on the bundled solar-driven traces,
 * California and Spain, whose target is 15 %.
 *
 * <pre>./heliostat bench carbon [--zones 500] [--rate-limit 50] [--feed-rps 45] [--period-s 60] [--concurrency 8]</pre>
 *
 * Ends with {@code BENCH carbon zones=… refresh_s=… period_s=… limit_rps=… feed_rps=… requests=… rate_limited=… poll_ms_p50=… poll_ms_p99=…
 * stale_zones=… forecast_mape_24h=… forecast_mape_24h_US-CAL-CISO=… forecast_mape_24h_ES=…}.
 */
public final class CarbonBenchmark {

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(args, "--zones", "--rate-limit", "--feed-rps", "--period-s", "--concurrency");
        int zones = options.integer("--zones", 500, 1, 10_000);
        int rateLimit = options.integer("--rate-limit", 50, 1, 10_000);
        // The feed is configured a tenth under the provider's limit, as an operator would: the provider counts requests
        // in any one-second window as they arrive, and arrival jitter would push evenly paced requests at the limit over it.
        int feedRps = options.integer("--feed-rps", Math.max(1, rateLimit * 9 / 10), 1, 10_000);
        int periodSeconds = options.integer("--period-s", 60, 1, 3600);
        int concurrency = options.integer("--concurrency", 8, 1, 64);

        try (Provider provider = Provider.start(rateLimit)) {
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            Set<String> stale = ConcurrentHashMap.newKeySet();
            Latencies polls = new Latencies(zones * 100);
            Map<PollOutcome, AtomicLong> outcomes = new ConcurrentHashMap<>();
            String zoneList = IntStream.range(0, zones).mapToObj(CarbonBenchmark::zone).collect(Collectors.joining(","));
            Properties properties = new Properties();
            properties.putAll(Map.of(
                    "heliostat.carbon.replay.enabled", "false",
                    "heliostat.carbon.electricitymaps.enabled", "true",
                    "heliostat.carbon.electricitymaps.base-url", provider.url(),
                    "heliostat.carbon.electricitymaps.token", "bench",
                    "heliostat.carbon.electricitymaps.zones", zoneList,
                    "heliostat.carbon.electricitymaps.period", "PT" + periodSeconds + "S",
                    "heliostat.carbon.electricitymaps.requests-per-second", Integer.toString(feedRps),
                    "heliostat.carbon.electricitymaps.concurrency", Integer.toString(concurrency)));
            long started = System.nanoTime();
            AtomicLong refreshedAt = new AtomicLong();
            CountDownLatch refreshed = new CountDownLatch(1);
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.getPropertiesComponent().setInitialProperties(properties);
                camel.addRoutes(new ElectricityMapsRoutes(signals -> {
                    delivered.add(signals.zone());
                    if (signals.current().stale()) {
                        stale.add(signals.zone());
                    }
                    if (delivered.size() == zones && refreshedAt.compareAndSet(0, System.nanoTime())) {
                        refreshed.countDown();
                    }
                }, (name, zone, outcome, took) -> {
                    outcomes.computeIfAbsent(outcome, key -> new AtomicLong()).incrementAndGet();
                    polls.add(took.toNanos());
                }, Clock.systemUTC(), new ZoneClaims()));
                camel.start();
                // Two periods at most: a refresh slower than one period is reported, not waited for forever.
                refreshed.await(2L * periodSeconds, TimeUnit.SECONDS);
            }
            double refreshSeconds = refreshedAt.get() == 0 ? Double.NaN : (refreshedAt.get() - started) / 1e9;
            double california = mape(BundledTrace.US_CAL_CISO_2022);
            double spain = mape(BundledTrace.ES_2022);
            System.out.printf(Locale.ROOT, "zones delivered %d of %d; polls by outcome %s; server answered %d requests, %d with 429%n",
                    delivered.size(), zones, outcomes, provider.requests.get(), provider.rateLimited.get());
            System.out.printf(Locale.ROOT, "BENCH carbon zones=%d refresh_s=%.2f period_s=%d limit_rps=%d feed_rps=%d requests=%d rate_limited=%d "
                            + "poll_ms_p50=%.1f poll_ms_p99=%.1f stale_zones=%d forecast_mape_24h=%.2f forecast_mape_24h_US-CAL-CISO=%.2f "
                            + "forecast_mape_24h_ES=%.2f%n",
                    delivered.size(), refreshSeconds, periodSeconds, rateLimit, feedRps, provider.requests.get(), provider.rateLimited.get(),
                    polls.percentileMillis(50), polls.percentileMillis(99), stale.size() + zones - delivered.size(),
                    (california + spain) / 2, california, spain);
        }
    }

    private static String zone(int index) {
        return String.format(Locale.ROOT, "Z%04d", index);
    }

    /** The 24 h forecast error over leads 1-24 h, from rolling origins over the whole trace. */
    private static double mape(BundledTrace trace) {
        return ForecastAccuracy.evaluate(trace.load(), new HoltWintersForecaster(), EvaluationSettings.DEFAULT).mapePercent();
    }

    /** A local server answering as Electricity Maps does, for any zone, and refusing what exceeds its rate limit. */
    private static final class Provider implements AutoCloseable {

        private final HttpServer server;
        private final int limit;
        private final ArrayDeque<Long> window = new ArrayDeque<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong rateLimited = new AtomicLong();

        private Provider(HttpServer server, int limit) {
            this.server = server;
            this.limit = limit;
        }

        static Provider start(int limit) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Provider provider = new Provider(server, limit);
            server.createContext("/v3/", provider::answer);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return provider;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v3";
        }

        /** At most {@code limit} requests in any one second, as a provider's limiter counts them. */
        private synchronized boolean admit() {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                return false;
            }
            window.addLast(now);
            return true;
        }

        private void answer(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            if (!admit()) {
                rateLimited.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "1");
                respond(exchange, 429, "{\"error\":\"rate limit\"}");
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            String zone = query == null ? "?" : query.replaceAll(".*zone=([^&]*).*", "$1");
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            int base = 50 + Math.floorMod(zone.hashCode(), 400);
            if (exchange.getRequestURI().getPath().endsWith("/forecast")) {
                String points = IntStream.range(0, 25).mapToObj(ahead -> "{\"carbonIntensity\":%d,\"datetime\":\"%s\"}"
                        .formatted(base + ahead % 7, hour.plus(Duration.ofHours(ahead)))).collect(Collectors.joining(","));
                respond(exchange, 200, "{\"zone\":\"%s\",\"forecast\":[%s],\"updatedAt\":\"%s\"}".formatted(zone, points, hour));
            } else {
                respond(exchange, 200, ("{\"zone\":\"%s\",\"carbonIntensity\":%d,\"datetime\":\"%s\",\"updatedAt\":\"%s\","
                        + "\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false}").formatted(zone, base, hour, hour));
            }
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
