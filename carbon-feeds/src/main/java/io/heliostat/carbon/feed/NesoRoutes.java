package io.heliostat.carbon.feed;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.feed.internal.NesoReader;

/**
 * The UK's National Energy System Operator (NESO, formerly National Grid ESO) Carbon Intensity API: Great Britain's
 * average intensity per half hour and its 48-hour forecast, nationally ({@code national}), for one of the 17 regions by
 * id ({@code 1}..{@code 17}) or for the region of a postcode's outward code ({@code postcode:RG10}). No authentication
 * and no provider options: only the common keys. The national zone's history is seeded with the last 24 hours'
 * actuals; regions, which have forecasts only, are not seeded.
 *
 * <p>The data are "Carbon Intensity API, National Energy System Operator", licensed CC BY 4.0 ({@link #ATTRIBUTION});
 * every signal names NESO in its source ({@code neso:national}, {@code neso:region/3}, {@code neso:postcode/RG10}), so
 * that what shows them can credit it.
 */
public final class NesoRoutes extends ProviderRoutes {

    public static final String PROVIDER = "neso";
    /** The credit the data's licence asks for wherever they are shown. */
    public static final String ATTRIBUTION = "Carbon Intensity API, National Energy System Operator (CC BY 4.0)";
    /**
     * Values change each half hour, so a poll every five minutes sees a new one soon after it is out, and a zone unread
     * for an hour has missed two. NESO publishes no rate limit: two requests a second is gentle on a free public service
     * (a national poll is two requests, a region's one).
     */
    public static final ProviderSettings.Defaults DEFAULTS = new ProviderSettings.Defaults(
            URI.create("https://api.carbonintensity.org.uk"), Duration.ofMinutes(5), Duration.ofHours(1), 2);
    public static final List<String> OPTIONS = List.of();

    public NesoRoutes(SignalSink sink, PollObserver observer, Clock clock, ZoneClaims claims) {
        super(PROVIDER, DEFAULTS, OPTIONS, sink, observer, clock, claims);
    }

    @Override
    protected ZoneReader reader(ProviderSettings settings, ProviderHttp http, Clock clock) {
        return NesoReader.of(settings, http);
    }
}
