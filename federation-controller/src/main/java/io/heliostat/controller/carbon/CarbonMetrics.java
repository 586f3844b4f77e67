package io.heliostat.controller.carbon;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.heliostat.carbon.feed.PollObserver;
import io.heliostat.carbon.feed.PollOutcome;

/**
 * The carbon feeds' metrics: polls by provider and outcome ({@code heliostat_carbon_polls_total}), how long each zone's
 * poll took ({@code heliostat_carbon_poll_seconds}, retries included), and per zone how old its signal is
 * ({@code heliostat_carbon_signal_age_seconds}) and whether it is stale ({@code heliostat_carbon_zone_stale}), with the
 * number of stale zones ({@code heliostat_carbon_stale_zones}) to alert on.
 */
public final class CarbonMetrics implements PollObserver {

    private final MeterRegistry registry;
    private final ZoneCarbonBook zones;
    private final Clock clock;
    private final Set<String> zonesWithGauges = ConcurrentHashMap.newKeySet();

    public CarbonMetrics(MeterRegistry registry, ZoneCarbonBook zones, Clock clock) {
        this.registry = registry;
        this.zones = zones;
        this.clock = clock;
        Gauge.builder("heliostat.carbon.stale.zones", zones, book -> book.zones().stream().filter(ZoneCarbon::stale).count())
                .description("Zones whose carbon signal is stale: its feed failed past the max age").register(registry);
    }

    @Override
    public void polled(String provider, String zone, PollOutcome outcome, Duration took) {
        Counter.builder("heliostat.carbon.polls").description("Polls of a zone's carbon signal, by provider and outcome")
                .tag("provider", provider).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
        Timer.builder("heliostat.carbon.poll").description("How long one zone's poll took, retries included")
                .tag("provider", provider).publishPercentiles(0.5, 0.99).register(registry).record(took);
    }

    @Override
    public void historyAsked(String provider, String zone, PollOutcome outcome) {
        Counter.builder("heliostat.carbon.history.requests")
                .description("Requests for a zone's past values, to seed its history, by provider and outcome")
                .tag("provider", provider).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** Registers the per-zone gauges of zones seen since the last call: before each scrape. */
    public void registerZones() {
        for (ZoneCarbon zone : zones.zones()) {
            if (zonesWithGauges.add(zone.zone())) {
                String name = zone.zone();
                Gauge.builder("heliostat.carbon.signal.age", zones, book -> book.zone(name)
                                .map(known -> Duration.between(known.fetchedAt(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                        .description("Seconds since the zone's current carbon value was fetched").tag("zone", name).baseUnit("seconds")
                        .register(registry);
                Gauge.builder("heliostat.carbon.zone.stale", zones, book -> book.zone(name).map(known -> known.stale() ? 1.0 : 0.0)
                                .orElse(Double.NaN))
                        .description("1 while the zone's carbon signal is stale").tag("zone", name).register(registry);
            }
        }
    }
}
