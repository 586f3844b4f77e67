/**
 * Forecasts of a zone's carbon intensity from the zone's own history, for providers that report only
 * current and past values, and the honest measurement of their error: temporal shifting of deferrable
 * jobs is only as good as the forecast it shifts by.
 *
 * <p>A {@link io.heliostat.carbon.forecast.ZoneHistory} keeps a zone's recent actual values evenly stepped;
 * a {@link io.heliostat.carbon.forecast.Forecaster} ({@link io.heliostat.carbon.forecast.SeasonalNaiveForecaster},
 * {@link io.heliostat.carbon.forecast.HoltWintersForecaster}) forecasts from it; and
 * {@link io.heliostat.carbon.forecast.ForecastAccuracy} measures a forecaster on a recorded trace by
 * rolling origins, each forecast made from the data before its origin only. Plain Java, no Camel.
 */
package io.heliostat.carbon.forecast;
