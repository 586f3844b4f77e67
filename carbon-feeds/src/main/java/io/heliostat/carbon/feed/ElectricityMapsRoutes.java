package io.heliostat.carbon.feed;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.feed.internal.ElectricityMapsReader;

/**
 * Electricity Maps (API v3): a zone's latest average intensity and, where the plan includes it, its forecast, by zone
 * code, by a cloud region's zone, or by a point; its history is seeded with the last 24 hours. Options: {@code token}
 * (the {@code auth-token} header), {@code emission-factor-type} ({@code lifecycle}, the provider's default, or
 * {@code direct}), {@code forecast} ({@code true}: ask for the provider's forecast; {@code false}: forecast from the
 * zone's history).
 */
public final class ElectricityMapsRoutes extends ProviderRoutes {

    public static final String PROVIDER = "electricitymaps";
    /** Values are hourly; a zone is worth re-reading a few times an hour, and stale when two hours have gone by unread. */
    public static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(
            URI.create("https://api.electricitymap.org/v3"), Duration.ofMinutes(15), Duration.ofHours(2), 5);
    public static final List<String> OPTIONS = List.of("token", "emission-factor-type", "forecast");

    public ElectricityMapsRoutes(SignalSink sink, PollObserver observer, Clock clock, ZoneClaims claims) {
        super(PROVIDER, DEFAULTS, OPTIONS, sink, observer, clock, claims);
    }

    @Override
    protected ZoneReader reader(ProviderSettings settings, ProviderHttp http, Clock clock) {
        return ElectricityMapsReader.of(settings, http);
    }
}
