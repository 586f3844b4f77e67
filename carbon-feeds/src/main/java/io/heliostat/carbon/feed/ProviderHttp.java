package io.heliostat.carbon.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One provider's HTTP requests, sent through Camel's http component: paced under the provider's rate limit, held back
 * while a 429's Retry-After runs, and each status turned into what the feed's error handling tells apart
 * ({@link ProviderException}).
 */
public final class ProviderHttp {

    /** How long to hold back after a 429 that carries no (readable) Retry-After. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The registry name of the configurer that turns the HTTP client's own retries off (see {@link #bindConfigurer}). */
    static final String NO_CLIENT_RETRIES = "heliostatCarbonHttpClient";

    private final String provider;
    private final String endpointUri;
    private final String basePath;
    private final ProducerTemplate template;
    private final RequestPacer pacer;
    private final Clock clock;
    private final Duration timeout;
    private volatile Instant heldUntil = Instant.MIN;

    /** A response with a 2xx status. */
    public record Response(int status, String body, Map<String, Object> headers) {
    }

    ProviderHttp(String provider, URI baseUrl, Duration timeout, double requestsPerSecond, ProducerTemplate template, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.template = Objects.requireNonNull(template, "template");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pacer = new RequestPacer(requestsPerSecond);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        long millis = timeout.toMillis();
        // Failures are statuses to read, not exceptions: a 429's Retry-After and a 5xx are told apart below. The HTTP
        // client's own retries are off: the routes retry, and count each try against the rate limit and the circuit.
        this.endpointUri = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + "?throwExceptionOnFailure=false"
                + "&httpClientConfigurer=#" + NO_CLIENT_RETRIES
                + "&connectTimeout=" + millis + "&responseTimeout=" + millis + "&connectionRequestTimeout=" + millis;
    }

    /** Binds, once per Camel context, what turns the HTTP client's own retries of 429 and 503 off. */
    static void bindConfigurer(CamelContext camel) {
        if (camel.getRegistry().lookupByName(NO_CLIENT_RETRIES) == null) {
            camel.getRegistry().bind(NO_CLIENT_RETRIES, (HttpClientConfigurer) HttpClientBuilder::disableAutomaticRetries);
        }
    }

    /**
     * GET {@code path} (relative to the base URL) with the query and headers given; a 2xx response or the reason there is
     * none. A 429 whose Retry-After is no longer than the request timeout is waited out and the request sent once more;
     * a longer one holds every request back until it has passed.
     */
    public Response get(String path, Map<String, String> query, Map<String, String> headers) throws ProviderException {
        try {
            return send(path, query, headers);
        } catch (ProviderException.RateLimited e) {
            if (e.retryAfter().compareTo(timeout) > 0) {
                throw e;
            }
            LockSupport.parkNanos(e.retryAfter().toNanos());
            return send(path, query, headers);
        }
    }

    private Response send(String path, Map<String, String> query, Map<String, String> headers) throws ProviderException {
        Instant now = clock.instant();
        if (now.isBefore(heldUntil)) {
            throw new ProviderException.RateLimited(provider, "held back until " + heldUntil + " as the provider's 429 asked",
                    Duration.between(now, heldUntil));
        }
        pacer.acquire();
        Exchange response = template.request(endpointUri, exchange -> {
            headers.forEach(exchange.getMessage()::setHeader);
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, basePath + "/" + path);
            if (!query.isEmpty()) {
                exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query(query));
            }
        });
        if (response.getException() != null) {
            throw new ProviderException.Unavailable(provider, "GET " + path + " failed: " + response.getException(), response.getException());
        }
        int status = response.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = response.getMessage().getBody(String.class);
        String said = "GET " + path + " answered " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        if (status >= 200 && status < 300) {
            return new Response(status, body == null ? "" : body, response.getMessage().getHeaders());
        }
        if (status == 429) {
            Duration retryAfter = retryAfter(response.getMessage().getHeader("Retry-After", String.class), now);
            heldUntil = now.plus(retryAfter);
            throw new ProviderException.RateLimited(provider, said + "; holding back for " + retryAfter, retryAfter).withStatus(status);
        }
        if (status == 401 || status == 403) {
            throw new ProviderException.Unauthorized(provider, said).withStatus(status);
        }
        if (status == 404) {
            throw new ProviderException.UnknownZone(provider, said).withStatus(status);
        }
        if (status >= 500) {
            throw new ProviderException.Unavailable(provider, said, null).withStatus(status);
        }
        throw new ProviderException.Rejected(provider, said).withStatus(status);
    }

    /** GET a JSON body; one that does not parse (truncated, not JSON) is rejected. */
    public JsonNode getJson(String path, Map<String, String> query, Map<String, String> headers) throws ProviderException {
        Response response = get(path, query, headers);
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ProviderException.Rejected(provider, "GET " + path + " gave a body that is not JSON ("
                    + e.getOriginalMessage() + "): " + abbreviate(response.body()), e);
        }
    }

    /** The provider's name, for the messages of what reads its bodies. */
    public String provider() {
        return provider;
    }

    /** Retry-After as seconds or as an HTTP date; anything else holds back for {@link #DEFAULT_RETRY_AFTER}. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static String query(Map<String, String> query) {
        return query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
