package io.heliostat.controller;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;

/**
 * Ages the fleet's nodes every sweep interval, on the oldest member only, so that each change of status is
 * acted on once.
 */
public final class NodeSweepRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSweepRoutes.class);

    private final NodeRegistry nodes;
    static final String WORK = "node-sweep";

    private final Leadership leadership;
    private final ControllerSettings settings;

    NodeSweepRoutes(NodeRegistry nodes, Leadership leadership, ControllerSettings settings) {
        this.nodes = nodes;
        this.leadership = leadership;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:node-sweep?period=" + settings.sweepInterval().toMillis()).routeId("node-sweep")
                .filter(exchange -> leadership.lead(WORK).isPresent())
                .process(exchange -> {
                    for (NodeState changed : nodes.sweep()) {
                        LOG.info("node {} of {} is now {} (last report {} ms ago)", changed.nodeId(), changed.cluster(),
                                changed.status(), changed.ageMillis(System.currentTimeMillis()));
                    }
                });
    }
}
