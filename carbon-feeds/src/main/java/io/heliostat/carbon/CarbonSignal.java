package io.heliostat.carbon;

import java.time.Instant;
import java.util.Objects;

import io.heliostat.solver.domain.SignalKind;

/**
 * One carbon-intensity value of one zone over one interval, normalised from whichever provider or
 * trace gave it: every feed speaks this, so that the controller compares zones without knowing where
 * their numbers came from. The solver's {@link SignalKind} travels with every value because average
 * and marginal intensities answer different questions and are never compared.
 *
 * @param zone the grid zone, as the feed names it (such as {@code ES} or {@code CAISO_NORTH})
 * @param start the start of the interval the value holds for
 * @param end the end of the interval, exclusive
 * @param gramsPerKwh grams of CO2-equivalent per kWh consumed in the interval
 * @param kind average or marginal intensity
 * @param basis actual, or a forecast with the instant it was issued
 * @param source the feed that produced the value, such as {@code trace-replay:em-ES-2022-hourly.csv}
 * @param fetchedAt the wall-clock instant the feed obtained the value
 * @param stale whether the feed kept this value past its configured age because no newer one came
 */
public record CarbonSignal(String zone, Instant start, Instant end, double gramsPerKwh, SignalKind kind,
                           SignalBasis basis, String source, Instant fetchedAt, boolean stale) {

    public CarbonSignal {
        requireText(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(basis, "basis");
        requireText(source, "source");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("zone " + zone + ": end must be after start, was start " + start + ", end " + end);
        }
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("zone " + zone + ": gramsPerKwh must be a finite number >= 0, was " + gramsPerKwh);
        }
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
