/** Grid carbon-intensity signals from providers and recorded traces. */
package io.heliostat.carbon;
