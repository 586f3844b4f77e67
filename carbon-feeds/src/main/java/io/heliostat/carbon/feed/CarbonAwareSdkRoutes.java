package io.heliostat.carbon.feed;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.feed.internal.CarbonAwareSdkReader;

/**
 * The Green Software Foundation's Carbon Aware SDK WebAPI, for operators who already run it: a location's latest value
 * ({@code emissions/bylocation}) and, where the SDK's data source forecasts, what follows it
 * ({@code emissions/forecasts/current}), by the SDK's location name or by an Azure region ({@code azure/westeurope}
 * reads location {@code westeurope}); a zone's history is seeded with the last day of {@code emissions/bylocation}.
 * Options: {@code signal-kind} ({@code average} or {@code marginal}, required: the SDK passes on what its data source
 * gives and its answers do not say which), {@code api-key} (sent as {@code x-api-key}, for a gateway in front of the
 * SDK; the SDK itself has no authentication).
 */
public final class CarbonAwareSdkRoutes extends ProviderRoutes {

    public static final String PROVIDER = "carbon-aware-sdk";
    /**
     * The SDK runs beside the controller, without a rate limit of its own; its sources give 5-minute (WattTime) or
     * hourly (Electricity Maps) values, so a zone is re-read every five minutes and stale after half an hour unread.
     */
    public static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(
            URI.create("http://localhost:8080"), Duration.ofMinutes(5), Duration.ofMinutes(30), 20);
    public static final List<String> OPTIONS = List.of("signal-kind", "api-key");

    public CarbonAwareSdkRoutes(SignalSink sink, PollObserver observer, Clock clock, ZoneClaims claims) {
        super(PROVIDER, DEFAULTS, OPTIONS, sink, observer, clock, claims);
    }

    @Override
    protected ZoneReader reader(ProviderSettings settings, ProviderHttp http, Clock clock) {
        return CarbonAwareSdkReader.of(settings, http);
    }
}
