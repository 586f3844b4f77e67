package io.heliostat.carbon.forecast;

/**
 * The method that made a forecast. A forecaster falls back to a simpler method when the history is too
 * short for its own, and says so, because a forecast from one hour of data is not worth what one from
 * two weeks is.
 */
public enum ForecastMethod {
    /** The last value, repeated: what is left with less than a day of history. */
    PERSISTENCE,
    /** The value one day earlier at the same time of day: needs a day of history. */
    SEASONAL_NAIVE,
    /** Additive Holt-Winters with daily season, parameters fitted on the history: needs two days. */
    HOLT_WINTERS
}
