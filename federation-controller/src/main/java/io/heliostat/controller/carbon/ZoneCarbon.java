package io.heliostat.controller.carbon;

import java.time.Instant;
import java.util.List;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;

/**
 * A zone's carbon intensity as the controllers share it and {@code GET /zones} shows it: the current value, the
 * forecast, where they came from and whether they are stale.
 *
 * @param kind     AVERAGE or MARGINAL; placement never compares the two
 * @param issuedAt when the forecast was issued; null without a forecast
 */
public record ZoneCarbon(String zone, String kind, double gramsPerKwh, Instant start, Instant end, String source,
                         Instant fetchedAt, boolean stale, Instant issuedAt, List<Interval> forecast) {

    /** One forecast interval. */
    public record Interval(Instant start, Instant end, double gramsPerKwh) {
    }

    public ZoneCarbon {
        forecast = forecast == null ? List.of() : List.copyOf(forecast);
    }

    static ZoneCarbon of(ZoneSignals signals) {
        CarbonSignal current = signals.current();
        Instant issuedAt = signals.forecast().isEmpty() ? null
                : signals.forecast().getFirst().basis() instanceof SignalBasis.Forecast forecast ? forecast.issuedAt() : null;
        return new ZoneCarbon(signals.zone(), signals.kind().name(), current.gramsPerKwh(), current.start(), current.end(),
                current.source(), current.fetchedAt(), current.stale(), issuedAt,
                signals.forecast().stream().map(signal -> new Interval(signal.start(), signal.end(), signal.gramsPerKwh())).toList());
    }
}
