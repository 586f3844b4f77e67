package io.heliostat.controller.rest;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.heliostat.controller.carbon.CarbonMetrics;

/** {@code GET /metrics}: the controller's metrics in Prometheus' text format, for a scrape job. */
public final class MetricsRoutes extends RouteBuilder {

    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;
    private final CarbonMetrics carbon;

    public MetricsRoutes(PrometheusMeterRegistry registry, CarbonMetrics carbon) {
        this.registry = registry;
        this.carbon = carbon;
    }

    @Override
    public void configure() {
        from("platform-http:" + PATH + "?httpMethodRestrict=GET").routeId("metrics")
                .process(exchange -> {
                    carbon.registerZones();
                    exchange.getMessage().setBody(registry.scrape());
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                });
    }
}
