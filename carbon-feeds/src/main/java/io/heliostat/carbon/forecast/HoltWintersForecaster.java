package io.heliostat.carbon.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.heliostat.carbon.forecast.internal.HoltWinters;
import io.heliostat.carbon.forecast.internal.Steps;

/**
 * Additive Holt-Winters with a daily season (season length = 24 h / step), its smoothing parameters
 * chosen afresh for every history from a small grid by the least in-sample error of multi-step forecasts
 * (mean absolute percentage error of the forecasts of 1 to {@code min(steps, one day)} steps ahead made
 * from every origin after the first day). Fitting on multi-step rather than one-step error matters: the
 * product shifts jobs by day-ahead values, and one-step error rewards a model that just chases the last
 * value. Nothing but the given history is used, so the fit cannot see the data it is later judged on.
 *
 * <p>The default grid has no trend: over a day ahead, a trend fitted on hours of wind- or weather-driven
 * intensity extrapolates noise (tried with a damped trend on the bundled traces, it did not help).
 * Pass a grid with {@code beta > 0} to fit a damped trend.
 *
 * <p>Needs two days of history (one to start the season, one to fit on); with less, it falls back to
 * {@link SeasonalNaiveForecaster} (one day) or persistence (less), and the result names the method used.
 * Forecasts are clamped at 0.
 */
public final class HoltWintersForecaster implements Forecaster {

    /** The default grid's level smoothing values. */
    public static final List<Double> DEFAULT_ALPHAS = List.of(0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9);
    /** The default grid's season smoothing values. */
    public static final List<Double> DEFAULT_GAMMAS = List.of(0.1, 0.3, 0.5, 0.7, 0.9);

    /**
     * In-sample origins are at most this many per day, so that fitting on 5-minute data costs about what
     * it costs on hourly data.
     */
    private static final int MAX_ORIGINS_PER_DAY = 24;

    private final List<HoltWintersParameters> candidates;
    private final double[] alphas;
    private final double[] betas;
    private final double[] gammas;
    private final double[] phis;
    private final SeasonalNaiveForecaster fallback = new SeasonalNaiveForecaster();

    /** Fits on the default grid: {@link #DEFAULT_ALPHAS} x {@link #DEFAULT_GAMMAS}, no trend. */
    public HoltWintersForecaster() {
        this(defaultGrid());
    }

    /**
     * Fits on {@code candidates}, choosing the first with the least in-sample error.
     *
     * @throws IllegalArgumentException if there are no candidates
     */
    public HoltWintersForecaster(List<HoltWintersParameters> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must hold at least one parameter set, was empty");
        }
        this.candidates = List.copyOf(candidates);
        int count = this.candidates.size();
        alphas = new double[count];
        betas = new double[count];
        gammas = new double[count];
        phis = new double[count];
        for (int i = 0; i < count; i++) {
            HoltWintersParameters p = this.candidates.get(i);
            alphas[i] = p.alpha();
            betas[i] = p.beta();
            gammas[i] = p.gamma();
            phis[i] = p.phi();
        }
    }

    /** Holt-Winters with fixed parameters, fitting nothing. */
    public static HoltWintersForecaster withParameters(HoltWintersParameters parameters) {
        return new HoltWintersForecaster(List.of(parameters));
    }

    /** The default candidates: every alpha of {@link #DEFAULT_ALPHAS} with every gamma of {@link #DEFAULT_GAMMAS}, no trend. */
    public static List<HoltWintersParameters> defaultGrid() {
        return grid(DEFAULT_ALPHAS, List.of(0.0), DEFAULT_GAMMAS, List.of(1.0));
    }

    /** Every combination of the given values, alpha varying slowest. */
    public static List<HoltWintersParameters> grid(List<Double> alphas, List<Double> betas, List<Double> gammas,
                                                   List<Double> phis) {
        List<HoltWintersParameters> grid = new ArrayList<>();
        for (double alpha : alphas) {
            for (double beta : betas) {
                for (double gamma : gammas) {
                    for (double phi : phis) {
                        grid.add(new HoltWintersParameters(alpha, beta, gamma, phi));
                    }
                }
            }
        }
        return List.copyOf(grid);
    }

    /** The candidates this forecaster fits from, in order. */
    public List<HoltWintersParameters> candidates() {
        return candidates;
    }

    /**
     * The parameters this forecaster would use on {@code history} for a forecast of {@code steps}, or
     * empty when the history is shorter than two days (and the forecast falls back).
     */
    public Optional<HoltWintersFit> fit(IntensitySeries history, int steps) {
        Objects.requireNonNull(history, "history");
        Steps.requireSteps(steps);
        int m = history.stepsPerDay();
        if (history.size() < 2 * m) {
            return Optional.empty();
        }
        double[] y = history.values();
        return Optional.of(fit(y, m, steps, new double[y.length], new double[2]));
    }

    private HoltWintersFit fit(double[] y, int m, int steps, double[] seasonal, double[] state) {
        int horizon = Math.min(steps, m);
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int c = 0; c < alphas.length; c++) {
            double error = HoltWinters.run(y, y.length, m, alphas[c], betas[c], gammas[c], phis[c], horizon,
                    originStride(m), true, seasonal, state);
            // NaN (nothing scored) never wins, so that the first candidate stands when no candidate could be judged.
            if (error < bestError) {
                bestError = error;
                best = c;
            }
        }
        return new HoltWintersFit(candidates.get(best), Double.isInfinite(bestError) ? Double.NaN : bestError * 100, horizon,
                alphas.length);
    }

    private static int originStride(int m) {
        return Math.max(1, m / MAX_ORIGINS_PER_DAY);
    }

    @Override
    public Forecast forecast(IntensitySeries history, int steps) {
        Objects.requireNonNull(history, "history");
        Steps.requireSteps(steps);
        int m = history.stepsPerDay();
        if (history.size() < 2 * m) {
            return fallback.forecast(history, steps);
        }
        double[] y = history.values();
        double[] seasonal = new double[y.length];
        double[] state = new double[2];
        HoltWintersParameters p = fit(y, m, steps, seasonal, state).parameters();
        // The fit's last run was of the last candidate, not necessarily the chosen one: run the chosen once more.
        HoltWinters.run(y, y.length, m, p.alpha(), p.beta(), p.gamma(), p.phi(), 0, 1, false, seasonal, state);
        double[] values = HoltWinters.forecast(seasonal, y.length, m, p.phi(), state, steps);
        return Forecast.of(history.end(), history.step(), ForecastMethod.HOLT_WINTERS, values);
    }

    @Override
    public String name() {
        return candidates.size() == 1 ? "holt-winters(fixed)" : "holt-winters";
    }

    @Override
    public String toString() {
        return name() + " over " + candidates.size() + " candidate(s)";
    }
}
