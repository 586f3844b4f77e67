package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.forecast.internal.Steps;
import io.heliostat.solver.domain.SignalKind;

/**
 * A forecast of a zone's intensity for consecutive intervals after the history it was made from, and
 * the method that made it (which may be a fallback: see {@link ForecastMethod}).
 *
 * @param origin the end of the history the forecast was made from: the start of the first interval
 * @param step the length of each interval
 * @param method the method that made the values
 * @param points the values, consecutive from {@code origin}, one per step
 */
public record Forecast(Instant origin, Duration step, ForecastMethod method, List<ForecastPoint> points) {

    public Forecast {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        Objects.requireNonNull(method, "method");
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points must hold at least one value, was empty");
        }
        Instant expected = origin;
        for (int i = 0; i < points.size(); i++) {
            ForecastPoint point = points.get(i);
            if (!point.start().equals(expected) || !point.end().equals(expected.plus(step))) {
                throw new IllegalArgumentException("points[" + i + "] must cover " + expected + " to " + expected.plus(step)
                        + " (consecutive steps of " + step + " from origin), was " + point.start() + " to " + point.end());
            }
            expected = point.end();
        }
    }

    /** A forecast of {@code values} for consecutive steps from {@code origin}. */
    public static Forecast of(Instant origin, Duration step, ForecastMethod method, double[] values) {
        Objects.requireNonNull(origin, "origin");
        long stepSeconds = Steps.requireDailyStep(step, "step");
        List<ForecastPoint> points = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            points.add(new ForecastPoint(origin.plusSeconds(stepSeconds * i), origin.plusSeconds(stepSeconds * (i + 1)),
                    values[i]));
        }
        return new Forecast(origin, step, method, points);
    }

    /** The number of steps forecast. */
    public int steps() {
        return points.size();
    }

    /** The forecast values in order, g CO2e/kWh. */
    public double[] values() {
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = points.get(i).gramsPerKwh();
        }
        return values;
    }

    /** The value for {@code lead} steps ahead (1 is the first interval). */
    public double valueAtLead(int lead) {
        if (lead < 1 || lead > points.size()) {
            throw new IllegalArgumentException("lead must be 1 to " + points.size() + ", was " + lead);
        }
        return points.get(lead - 1).gramsPerKwh();
    }

    /**
     * The forecast as the normalised signals every feed speaks, with basis
     * {@link SignalBasis.Forecast}{@code (issuedAt)}, ready for {@link io.heliostat.carbon.ZoneSignals}.
     *
     * @param issuedAt when the forecast was made (the feed's now; also the signals' fetchedAt)
     */
    public List<CarbonSignal> toSignals(String zone, SignalKind kind, String source, Instant issuedAt) {
        SignalBasis basis = new SignalBasis.Forecast(issuedAt);
        List<CarbonSignal> signals = new ArrayList<>(points.size());
        for (ForecastPoint point : points) {
            signals.add(new CarbonSignal(zone, point.start(), point.end(), point.gramsPerKwh(), kind, basis, source, issuedAt,
                    false));
        }
        return List.copyOf(signals);
    }
}
