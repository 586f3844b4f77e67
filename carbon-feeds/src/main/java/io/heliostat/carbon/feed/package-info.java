/**
 * Live carbon providers: one {@link io.heliostat.carbon.feed.ProviderRoutes} subclass per provider polls its zones,
 * paced under its rate limit, retried, behind a circuit breaker, and keeps each zone's last good value until it is stale.
 */
package io.heliostat.carbon.feed;
