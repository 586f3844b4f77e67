package io.heliostat.carbon;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.carbon.internal.PrefixedProperties;
import io.heliostat.carbon.internal.Replay;

/**
 * The embedded default carbon source: replays recorded traces (the ones bundled with Heliostat, or CSV
 * files) as if they were live feeds, and delivers every zone's {@link ZoneSignals} to a {@link SignalSink}
 * every {@value ReplaySettings#PERIOD_KEY}.
 *
 * <p>One timer route, {@value #ROUTE_ID}, serves all zones, so that each delivery reads every zone at
 * the same replay instant. The replay starts at {@value ReplaySettings#START_KEY} when the routes are
 * configured and runs {@value ReplaySettings#SPEED_KEY} times as fast as the wall clock; past a trace's
 * end it wraps to the trace's start, so the demo can run for hours or days. The forecast served is the
 * trace's own next hours up to {@value ReplaySettings#FORECAST_HORIZON_KEY}, marked as a forecast issued
 * at the replay instant with source {@code trace-replay:<file>}: a perfect forecast, which real feeds
 * will not give; issue 5 brings real forecasts.
 *
 * <p>Settings are read from the Camel properties under {@value ReplaySettings#PREFIX} (see
 * {@link ReplaySettings}) when the routes are configured, and bad ones stop the start-up with the key
 * named. A failure to deliver one zone is logged and does not stop the other zones or the next delivery.
 */
public final class TraceReplayRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "carbon-replay";

    private static final Logger LOG = LoggerFactory.getLogger(TraceReplayRoutes.class);

    private final SignalSink sink;
    private final Clock wallClock;
    private final ZoneClaims claims;

    public TraceReplayRoutes(SignalSink sink) {
        this(sink, Clock.systemUTC(), new ZoneClaims());
    }

    /**
     * @param wallClock the wall clock the replay runs on; tests pass one they move by hand
     * @param claims    the zones every feed serves: the replayed zones are claimed there, so that a zone that a live
     *                  provider serves too stops the start
     */
    public TraceReplayRoutes(SignalSink sink, Clock wallClock, ZoneClaims claims) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    @Override
    public void configure() {
        Map<String, String> properties = PrefixedProperties.read(getContext().getPropertiesComponent(), ReplaySettings.PREFIX,
                ReplaySettings.KEYS);
        String enabled = properties.getOrDefault(ReplaySettings.ENABLED_KEY, "true").trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException(ReplaySettings.ENABLED_KEY + " must be true or false, was '" + enabled + "'");
        }
        if (enabled.equals("false")) {
            LOG.info("Carbon trace replay is off ({}=false)", ReplaySettings.ENABLED_KEY);
            return;
        }
        ReplaySettings settings = ReplaySettings.fromProperties(properties);
        Replay replay = Replay.start(settings, wallClock.instant());
        replay.zones().forEach(zone -> claims.claim(zone, ReplaySettings.TRACES_KEY));
        LOG.info("Replaying carbon traces of zones {} from {} at {}x, forecasts of {}", replay.zones(), settings.start(),
                settings.speed(), settings.forecastHorizon());

        // One line per failed delivery instead of a stack trace every period; the split still goes on to the
        // other zones (it does not stop on an exception) and the timer to the next delivery.
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, LOG.getName(), "Carbon replay delivery failed: ${exception}");

        from("timer:" + ROUTE_ID + "?delay=0&period=" + settings.period().toMillis())
                .routeId(ROUTE_ID)
                .process(exchange -> exchange.getMessage().setBody(replay.signalsAt(wallClock.instant())))
                .split(body())
                    .process(exchange -> sink.accept(exchange.getMessage().getMandatoryBody(ZoneSignals.class)))
                .end();
    }
}
