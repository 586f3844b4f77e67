/** How the forecasts compute, on plain arrays: not for use outside this module. */
package io.heliostat.carbon.forecast.internal;
