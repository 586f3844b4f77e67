package io.heliostat.controller.actuation;

import org.apache.camel.builder.RouteBuilder;

import io.heliostat.controller.ControllerSettings;

/**
 * Edge actuation's periodic pass over every workload and run, on every member that takes part; only the leader's
 * does anything (see {@link EdgeActuation}). Timer runs do not overlap: a pass that outlasts the period delays the
 * next.
 */
public final class EdgeActuationRoutes extends RouteBuilder {

    private final EdgeActuation actuation;
    private final ControllerSettings.EdgeActuation settings;

    public EdgeActuationRoutes(EdgeActuation actuation, ControllerSettings.EdgeActuation settings) {
        this.actuation = actuation;
        this.settings = settings;
    }

    @Override
    public void configure() {
        if (settings.enabled()) {
            from("timer:edge-actuation?period=" + settings.interval().toMillis()).routeId(EdgeActuation.WORK)
                    .process(exchange -> actuation.reconcile());
        }
    }
}
