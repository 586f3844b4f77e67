package io.heliostat.controller;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.state.ControllerCluster;

/**
 * Ages the fleet's nodes every sweep interval, on the oldest member only, so that each change of status is
 * acted on once.
 */
public final class NodeSweepRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSweepRoutes.class);

    private final NodeRegistry nodes;
    private final ControllerCluster cluster;
    private final ControllerSettings settings;

    NodeSweepRoutes(NodeRegistry nodes, ControllerCluster cluster, ControllerSettings settings) {
        this.nodes = nodes;
        this.cluster = cluster;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:node-sweep?period=" + settings.sweepInterval().toMillis()).routeId("node-sweep")
                .filter(exchange -> cluster.isOldestMember())
                .process(exchange -> {
                    for (NodeState changed : nodes.sweep()) {
                        LOG.info("node {} of {} is now {} (last report {} ms ago)", changed.nodeId(), changed.cluster(),
                                changed.status(), changed.ageMillis(System.currentTimeMillis()));
                    }
                });
    }
}
