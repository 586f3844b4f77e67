package io.heliostat.carbon.forecast;

import java.util.Arrays;
import java.util.Objects;

import io.heliostat.carbon.forecast.internal.Steps;

/**
 * Forecasts each interval by the value one day earlier at the same time of day (repeating the last day
 * for leads beyond a day); with less than a day of history, by the last value. The baseline every other
 * forecaster must beat: solar-driven zones repeat their daily shape, so it is already good there.
 */
public final class SeasonalNaiveForecaster implements Forecaster {

    @Override
    public Forecast forecast(IntensitySeries history, int steps) {
        Objects.requireNonNull(history, "history");
        Steps.requireSteps(steps);
        int m = history.stepsPerDay();
        int n = history.size();
        double[] values = new double[steps];
        if (n < m) {
            Arrays.fill(values, history.last());
            return Forecast.of(history.end(), history.step(), ForecastMethod.PERSISTENCE, values);
        }
        for (int k = 0; k < steps; k++) {
            values[k] = history.value(n - m + k % m);
        }
        return Forecast.of(history.end(), history.step(), ForecastMethod.SEASONAL_NAIVE, values);
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    @Override
    public String toString() {
        return name();
    }
}
