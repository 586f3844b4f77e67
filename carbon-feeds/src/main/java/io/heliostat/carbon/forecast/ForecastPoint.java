package io.heliostat.carbon.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * One forecast value: the intensity expected over {@code [start, end)}.
 *
 * @param start the start of the interval
 * @param end the end of the interval, exclusive
 * @param gramsPerKwh the expected intensity, g CO2e/kWh, >= 0
 */
public record ForecastPoint(Instant start, Instant end, double gramsPerKwh) {

    public ForecastPoint {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start, was start " + start + ", end " + end);
        }
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("gramsPerKwh must be a finite number >= 0, was " + gramsPerKwh);
        }
    }
}
