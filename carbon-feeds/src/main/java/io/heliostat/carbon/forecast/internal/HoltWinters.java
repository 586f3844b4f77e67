package io.heliostat.carbon.forecast.internal;

/**
 * Additive Holt-Winters with an optional damped trend, on a plain array: the recursions, the forecast
 * from the end, and the in-sample multi-step error by which the parameters are chosen.
 *
 * <p>Recursions (Winters' form), for each {@code t >= m}:
 * <pre>
 *   level_t    = alpha (y_t - s_{t-m}) + (1 - alpha)(level_{t-1} + phi trend_{t-1})
 *   trend_t    = beta (level_t - level_{t-1}) + (1 - beta) phi trend_{t-1}
 *   s_t        = gamma (y_t - level_t) + (1 - gamma) s_{t-m}
 *   yhat_{t+k} = level_t + (phi + ... + phi^k) trend_t + s_{t-m+1+((k-1) mod m)}
 * </pre>
 * The state starts from the first season only: level = its mean, s_i = y_i - level, trend = 0. The first
 * season is thus never scored, and a trend must be learnt from the data rather than read off two noisy
 * days. With {@code beta = 0} the trend stays 0, so the model is level plus season.
 */
public final class HoltWinters {

    private HoltWinters() {
    }

    /**
     * Runs the recursions over {@code y} and returns the mean absolute percentage error (a fraction) of
     * the forecasts of 1 to {@code horizon} steps made after each origin {@code t = m, m + originStride, ...}
     * for the values after it that {@code y} holds (forecasts clamped at 0, actual zeros not scored), or
     * NaN when there was nothing to score. Leaves the season in {@code seasonal[0..n)} and the final level
     * and trend in {@code state[0]} and {@code state[1]}.
     *
     * @param score whether to score at all; false only runs the recursions
     */
    public static double run(double[] y, int n, int m, double alpha, double beta, double gamma, double phi,
                             int horizon, int originStride, boolean score, double[] seasonal, double[] state) {
        double level = 0;
        for (int i = 0; i < m; i++) {
            level += y[i];
        }
        level /= m;
        for (int i = 0; i < m; i++) {
            seasonal[i] = y[i] - level;
        }
        double trend = 0;
        double errorSum = 0;
        long scored = 0;
        for (int t = m; t < n; t++) {
            double season = seasonal[t - m];
            double previousLevel = level;
            level = alpha * (y[t] - season) + (1 - alpha) * (previousLevel + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
            seasonal[t] = gamma * (y[t] - level) + (1 - gamma) * season;
            if (score && (t - m) % originStride == 0) {
                int leads = Math.min(horizon, n - 1 - t);
                int base = t + 1 - m;
                double damping = 0;
                double power = 1;
                for (int k = 1; k <= leads; k++) {
                    power *= phi;
                    damping += power;
                    double actual = y[t + k];
                    if (actual > 0) {
                        double forecast = Math.max(0, level + damping * trend + seasonal[base + (k - 1) % m]);
                        errorSum += Math.abs(forecast - actual) / actual;
                        scored++;
                    }
                }
            }
        }
        state[0] = level;
        state[1] = trend;
        return scored == 0 ? Double.NaN : errorSum / scored;
    }

    /** The forecast of {@code steps} values after the end of a run over {@code n} values, clamped at 0. */
    public static double[] forecast(double[] seasonal, int n, int m, double phi, double[] state, int steps) {
        double[] out = new double[steps];
        double damping = 0;
        double power = 1;
        for (int k = 1; k <= steps; k++) {
            power *= phi;
            damping += power;
            out[k - 1] = Math.max(0, state[0] + damping * state[1] + seasonal[n - m + (k - 1) % m]);
        }
        return out;
    }
}
