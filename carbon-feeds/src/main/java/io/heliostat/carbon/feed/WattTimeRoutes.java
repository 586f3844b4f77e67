package io.heliostat.carbon.feed;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.feed.internal.WattTimeReader;

/**
 * WattTime (API v3): a region's latest 5-minute value and its forecast, marginal ({@code co2_moer}, the default) or
 * average ({@code co2_aoer}) intensity, by WattTime region code, or by a cloud region's or an edge site's place (looked
 * up once with {@code region-from-loc}). Options: {@code username} and {@code password} (or {@code password-file}) for
 * {@code /login}, {@code signal-type}, {@code horizon-hours} (1 to 72), {@code token-lifetime} (how long a login's
 * token is good for; it is renewed a little before) and {@code history-span} (how far back a zone's history is seeded
 * from {@code v3/historical}, PT1H to P14D, two days by default).
 */
public final class WattTimeRoutes extends ProviderRoutes {

    public static final String PROVIDER = "watttime";
    /**
     * Values are 5-minute, so a region is re-read every 5 minutes and stale when 30 minutes have gone by unread.
     * WattTime allows 3,000 requests per 5 minutes per account, which is 10 a second.
     */
    public static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(
            URI.create("https://api.watttime.org"), Duration.ofMinutes(5), Duration.ofMinutes(30), 10);
    public static final List<String> OPTIONS = List.of("username", "password", "signal-type", "horizon-hours", "token-lifetime",
            "history-span");

    public WattTimeRoutes(SignalSink sink, PollObserver observer, Clock clock, ZoneClaims claims) {
        super(PROVIDER, DEFAULTS, OPTIONS, sink, observer, clock, claims);
    }

    @Override
    protected ZoneReader reader(ProviderSettings settings, ProviderHttp http, Clock clock) {
        return WattTimeReader.of(settings, http, clock);
    }
}
