package io.heliostat.carbon.forecast;

import java.util.Objects;

/**
 * The parameters a {@link HoltWintersForecaster} chose for one history, and the in-sample error they
 * reached there: a diagnostic, since an in-sample error flatters the model (it is not the error to
 * report; {@link ForecastAccuracy} measures that).
 *
 * @param parameters the candidate with the least in-sample error (the first such in the grid's order)
 * @param inSampleMapePercent that candidate's mean absolute percentage error of the in-sample forecasts of
 *                            1 to {@code horizonSteps} steps, or NaN when no forecast could be scored
 * @param horizonSteps the lead times the in-sample forecasts reached
 * @param candidates how many candidates were tried
 */
public record HoltWintersFit(HoltWintersParameters parameters, double inSampleMapePercent, int horizonSteps, int candidates) {

    public HoltWintersFit {
        Objects.requireNonNull(parameters, "parameters");
        if (horizonSteps < 1) {
            throw new IllegalArgumentException("horizonSteps must be >= 1, was " + horizonSteps);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
        }
    }
}
