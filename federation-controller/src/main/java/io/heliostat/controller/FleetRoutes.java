package io.heliostat.controller;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.controller.carbon.ZoneCarbonBook;
import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.NodeStatus;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.reoptimisation.FleetReoptimisation;

/**
 * The controller's periodic work on its fleet: ageing the nodes (on the oldest member only, so that each change
 * of status is acted on once; a lost node's workloads are placed anew), taking up new carbon signals, and the
 * fleet's re-optimisation (which only the oldest member runs).
 */
public final class FleetRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRoutes.class);
    static final String NODE_SWEEP = "node-sweep";

    private final NodeRegistry nodes;
    private final Leadership leadership;
    private final PlacementService placements;
    private final ZoneCarbonBook zones;
    private final FleetReoptimisation reoptimisation;
    private final ControllerSettings settings;

    FleetRoutes(NodeRegistry nodes, Leadership leadership, PlacementService placements, ZoneCarbonBook zones,
                FleetReoptimisation reoptimisation, ControllerSettings settings) {
        this.nodes = nodes;
        this.leadership = leadership;
        this.placements = placements;
        this.zones = zones;
        this.reoptimisation = reoptimisation;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:node-sweep?period=" + settings.sweepInterval().toMillis()).routeId(NODE_SWEEP)
                .filter(exchange -> leadership.lead(NODE_SWEEP).isPresent())
                .process(exchange -> {
                    for (NodeState changed : nodes.sweep()) {
                        LOG.info("node {} of {} is now {} (last report {} ms ago)", changed.nodeId(), changed.cluster(),
                                changed.status(), changed.ageMillis(System.currentTimeMillis()));
                        if (changed.status() != NodeStatus.READY) {
                            placements.nodeGone(changed.nodeId(), changed.status() == NodeStatus.LOST);
                        }
                    }
                });
        from("timer:carbon-refresh?delay=" + settings.carbonRefresh().toMillis() + "&period=" + settings.carbonRefresh().toMillis())
                .routeId("carbon-refresh")
                .process(exchange -> placements.updateCarbon(zones.zones()));
        if (settings.reoptimisation().enabled()) {
            // Timer runs do not overlap: a round that outlasts the period delays the next check.
            from("timer:fleet-reoptimisation?period=" + settings.reoptimisation().checkInterval().toMillis())
                    .routeId(FleetReoptimisation.WORK)
                    .process(exchange -> reoptimisation.runIfDue());
        }
    }
}
