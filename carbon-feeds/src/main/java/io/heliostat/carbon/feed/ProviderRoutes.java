package io.heliostat.carbon.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.carbon.internal.PrefixedProperties;

/**
 * The routes every carbon provider is polled by; a subclass per provider says only how to read one zone
 * ({@link #reader}). Every {@code period} route {@code carbon-<provider>} splits the configured zones over
 * {@code concurrency} threads to route {@code carbon-<provider>-zone}, which reads one zone through the provider's
 * circuit breaker and hands the signals to the {@link SignalKeeper}.
 *
 * <p>Error handling is declared here once for all providers: a provider that is unavailable (5xx, a timeout, a refused
 * connection) is tried again {@code retries} times with doubling pauses, and each try counts towards opening its
 * circuit; a 429 holds every request back until its Retry-After has passed; a body that is not what the provider
 * documents is rejected without a retry (it would be the same again). Whatever the failure, the zone's last good value
 * serves on and turns stale past {@code max-age}, and the other zones and the next poll go on.
 *
 * <p>Unless {@code history} is false, a zone's history is seeded from the provider's past values
 * ({@link ZoneReader#history}) when the keeper wants it: at the zone's first successful poll, after the current value is
 * read, and again only once its history has started afresh. The request is paced and goes through the circuit breaker
 * as any other, but is neither retried nor let fail the poll: a failure is counted
 * ({@link PollObserver#historyAsked}), logged once per zone at WARN, and the zone's history is asked for again at a
 * later poll, at most once every {@link #HISTORY_RETRY} per zone.
 */
public abstract class ProviderRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRoutes.class);
    private static final String ZONE = "heliostat.zone";
    private static final String STARTED = "heliostat.pollStarted";
    /** The least time between two requests for one zone's history, so that a failing one is not asked at every poll. */
    static final Duration HISTORY_RETRY = Duration.ofHours(1);

    private final String provider;
    private final ProviderSettings.Defaults defaults;
    private final List<String> optionKeys;
    private final SignalSink sink;
    private final PollObserver observer;
    private final Clock clock;
    private final ZoneClaims claims;
    /** When each zone's history was last asked for. */
    private final Map<String, Instant> historyAsked = new ConcurrentHashMap<>();
    /** The zones whose last request for their history failed, so that a failure streak is logged once. */
    private final Set<String> historyFailing = ConcurrentHashMap.newKeySet();
    private volatile ProviderSettings settings;
    private volatile SignalKeeper keeper;
    private CircuitBreaker circuit;

    /**
     * @param claims the zones every feed of the controller serves: this provider's zones are claimed there, so that a
     *               zone configured for two feeds stops the start
     */
    protected ProviderRoutes(String provider, ProviderSettings.Defaults defaults, List<String> optionKeys, SignalSink sink,
                             PollObserver observer, Clock clock, ZoneClaims claims) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.optionKeys = List.copyOf(optionKeys);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    /**
     * How this provider reads a zone, with its settings, its HTTP client and the clock the routes run on (what a reader
     * times, such as a token's age, goes by it); called once, when the routes are configured.
     */
    protected abstract ZoneReader reader(ProviderSettings settings, ProviderHttp http, Clock clock);

    public String provider() {
        return provider;
    }

    /** The route that polls every zone, {@code carbon-<provider>}. */
    public String routeId() {
        return "carbon-" + provider;
    }

    /** The settings as configured; read when the routes are configured. */
    public ProviderSettings settings() {
        return Objects.requireNonNull(settings, "the routes are not configured yet");
    }

    @Override
    public void configure() {
        settings = ProviderSettings.from(provider, defaults, optionKeys, PrefixedProperties.read(getContext().getPropertiesComponent(),
                ProviderSettings.PREFIX + provider + ".", ProviderSettings.keys(provider, optionKeys)));
        if (!settings.enabled()) {
            return;
        }
        ProviderHttp.bindConfigurer(getContext());
        ProviderHttp http = new ProviderHttp(provider, settings.baseUrl(), settings.timeout(), settings.requestsPerSecond(),
                getContext().createProducerTemplate(), clock);
        ZoneReader reader = reader(settings, http, clock);
        for (ZoneSubscription zone : settings.zones()) {
            claims.claim(zone.zone(), settings.key("zones"));
            try {
                reader.check(zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(settings.key("zones") + ": zone " + zone.zone() + " at " + zone.locator() + ": "
                        + e.getMessage(), e);
            }
        }
        keeper = new SignalKeeper(provider, settings.maxAge(), sink, clock);
        circuit = CircuitBreaker.of(routeId(), CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.circuitFailureRate())
                .slidingWindowSize(settings.circuitWindow())
                .minimumNumberOfCalls(settings.circuitWindow())
                .waitDurationInOpenState(settings.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(Math.min(3, settings.circuitWindow()))
                .recordExceptions(ProviderException.Unavailable.class)
                .build());
        ExecutorService pool = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, routeId(), settings.concurrency());

        onException(ProviderException.Unavailable.class)
                .maximumRedeliveries(settings.retries())
                .redeliveryDelay(settings.retryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false)
                .handled(true)
                .process(this::failed);
        onException(ProviderException.class, CallNotPermittedException.class)
                .logExhausted(false)
                .handled(true)
                .process(this::failed);
        onException(Exception.class)
                .logExhausted(false)
                .handled(true)
                .process(this::failed);

        // A poll that outlasts its period (a slow provider, a long Retry-After) is not overlapped by the next one: the
        // tick that finds it running is skipped, so that no zone is asked twice at once.
        AtomicBoolean polling = new AtomicBoolean();
        from("timer:" + routeId() + "?delay=0&period=" + settings.period().toMillis())
                .routeId(routeId())
                .filter(exchange -> polling.compareAndSet(false, true))
                    .process(exchange -> exchange.getMessage().setBody(settings.zones()))
                    .split(body()).parallelProcessing().executorService(pool)
                        .to("direct:" + routeId() + "-zone")
                    .end()
                    .process(exchange -> polling.set(false))
                .end();

        from("direct:" + routeId() + "-zone")
                .routeId(routeId() + "-zone")
                .process(exchange -> {
                    exchange.setProperty(ZONE, exchange.getMessage().getMandatoryBody(ZoneSubscription.class));
                    exchange.setProperty(STARTED, System.nanoTime());
                })
                .process(exchange -> {
                    ZoneSubscription zone = exchange.getProperty(ZONE, ZoneSubscription.class);
                    Instant now = clock.instant();
                    // Through the breaker: while it is open the provider is not asked and the call fails at once.
                    ZoneSignals read = circuit.executeCallable(() -> reader.read(zone, now));
                    if (settings.history()) {
                        seedHistory(reader, zone, read.current(), now);
                    }
                    keeper.fresh(read);
                    observer.polled(provider, zone.zone(), PollOutcome.OK, took(exchange));
                });
    }

    /**
     * Seeds the zone's history before {@code current} is kept, if the keeper wants it and the zone's history was not
     * asked for within {@link #HISTORY_RETRY}; whatever fails here leaves the poll as read.
     */
    private void seedHistory(ZoneReader reader, ZoneSubscription zone, CarbonSignal current, Instant now) {
        Instant asked = historyAsked.get(zone.zone());
        if (!keeper.wantsHistory(current) || asked != null && now.isBefore(asked.plus(HISTORY_RETRY))) {
            return;
        }
        historyAsked.put(zone.zone(), now);
        try {
            keeper.seed(current, circuit.executeCallable(() -> reader.history(zone, now)));
        } catch (Exception e) {
            PollOutcome outcome = outcomeOf(e);
            observer.historyAsked(provider, zone.zone(), outcome);
            if (historyFailing.add(zone.zone())) {
                LOG.warn("{}: history of zone {} not read ({}): {}; its forecast from history and daily profile build up from"
                        + " polls meanwhile, and it is asked for again in {}", provider, zone.zone(), outcome, e.getMessage(),
                        HISTORY_RETRY);
            }
            return;
        }
        observer.historyAsked(provider, zone.zone(), PollOutcome.OK);
        if (historyFailing.remove(zone.zone())) {
            LOG.info("{}: history of zone {} read after all", provider, zone.zone());
        }
    }

    private void failed(Exchange exchange) {
        ZoneSubscription zone = exchange.getProperty(ZONE, ZoneSubscription.class);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        PollOutcome outcome = outcomeOf(e);
        if (outcome == PollOutcome.FAILED) {
            LOG.warn("{}: polling zone {} failed", provider, zone == null ? "?" : zone.zone(), e);
        }
        if (zone != null) {
            keeper.failed(zone.zone(), outcome, String.valueOf(e == null ? null : e.getMessage()));
            observer.polled(provider, zone.zone(), outcome, took(exchange));
        }
    }

    /** The failure as metrics count it; the circuit breaker may wrap what the reader threw. */
    static PollOutcome outcomeOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProviderException provider) {
                return provider.outcome();
            }
            if (cause instanceof CallNotPermittedException) {
                return PollOutcome.CIRCUIT_OPEN;
            }
        }
        return PollOutcome.FAILED;
    }

    private static Duration took(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }
}
