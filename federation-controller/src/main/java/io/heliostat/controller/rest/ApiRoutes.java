package io.heliostat.controller.rest;

import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.command.LoggedCommand;
import io.heliostat.controller.command.NodeCommands;
import io.heliostat.controller.node.ReportOutcome;
import io.heliostat.controller.placement.PlacedWorkload;

/**
 * The REST API, {@code /api/v1}, on the embedded platform-http server, with its OpenAPI document at
 * {@code /api/openapi.json}. A thin adapter: each operation goes to a {@code direct:} route that calls a
 * resource; errors become RFC 9457 problem documents here and nowhere else.
 */
public final class ApiRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    public static final String OPENAPI_PATH = "/api/openapi.json";

    private final ObjectMapper json;
    private final NodesResource nodes;
    private final CommandsResource commands;
    private final ZonesResource zones;
    private final PoliciesResource policies;
    private final PlacementsResource placements;
    private final ReoptimisationsResource reoptimisations;
    private final FleetResource fleet;

    public ApiRoutes(ObjectMapper json, NodesResource nodes, CommandsResource commands, ZonesResource zones,
                     PoliciesResource policies, PlacementsResource placements, ReoptimisationsResource reoptimisations,
                     FleetResource fleet) {
        this.json = json;
        this.nodes = nodes;
        this.commands = commands;
        this.zones = zones;
        this.policies = policies;
        this.placements = placements;
        this.reoptimisations = reoptimisations;
        this.fleet = fleet;
    }

    @Override
    public void configure() {
        onException(ApiProblem.class).handled(true).process(this::writeProblem);
        onException(Exception.class).handled(true).process(this::writeServerError);

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .apiContextPath(OPENAPI_PATH)
                .apiProperty("api.title", "Heliostat federation controller")
                .apiProperty("api.version", "v1")
                .apiProperty("api.description", "Carbon-aware placement across cloud regions and edge sites");

        rest("/api/v1").description("Heliostat controller")
                .post("/nodes/{id}/reports").id("node-report").description("Accept a node's telemetry report")
                    .consumes("application/json").produces("application/json")
                    .type(NodeReport.class).outType(ReportOutcome.class).to("direct:node-report")
                .post("/reports").id("node-reports").description("Accept a batch of reports of many nodes, all or none")
                    .consumes("application/json").produces("application/json")
                    .type(NodeReport[].class).outType(ReportOutcome[].class).to("direct:node-reports")
                .get("/fleet").id("fleet")
                    .description("Every member cluster and edge site: its zone, nodes by status, Ready capacity, replicas placed")
                    .produces("application/json").outType(FleetResource.ClusterView[].class).to("direct:fleet")
                .get("/fleet/{id}").id("fleet-cluster").description("One member cluster or edge site")
                    .produces("application/json").outType(FleetResource.ClusterView.class).to("direct:fleet-cluster")
                .get("/nodes").id("nodes").description("Every node, its status and last report")
                    .produces("application/json").to("direct:nodes")
                .get("/nodes/{id}").id("node").description("One node").produces("application/json").to("direct:node")
                .post("/nodes/{id}/commands").id("issue-node-command")
                    .description("Issue a command to a node, by kind: drain (closes it to new work and places its workloads"
                            + " elsewhere), undrain, set-report-interval (interval), run-workload (workloadId, image, runtime,"
                            + " cpuMillis, memoryMiB), stop-workload (workloadId); 202 with its commandId, sequence and issuedAt")
                    .consumes("application/json").produces("application/json")
                    .type(NodeCommand.class).outType(NodeCommand.class).to("direct:issue-node-command")
                .get("/nodes/{id}/commands").id("node-commands")
                    .description("With after, what the node's agent polls: the commands it has still to take, oldest first, at most "
                            + NodeCommands.MAX_PER_POLL + "; without, the node's command history, each with its status"
                            + " (pending, succeeded, failed, rejected) and outcome")
                    .param().name("after").type(RestParamType.query).required(false).dataType("integer")
                        .description("the sequence of the last command the agent took").endParam()
                    .produces("application/json").outType(LoggedCommand[].class).to("direct:node-commands")
                .get("/nodes/{id}/commands/{commandId}").id("node-command").description("One command of a node, its status and outcome")
                    .produces("application/json").outType(LoggedCommand.class).to("direct:node-command")
                .delete("/nodes/{id}/commands/{commandId}").id("cancel-node-command")
                    .description("Cancels a command the agent has not answered: it is not handed out again, and its status is "
                            + "cancelled; an answered one is 409")
                    .produces("application/json").outType(LoggedCommand.class).to("direct:cancel-node-command")
                .post("/nodes/{id}/commands/{commandId}/outcome").id("node-command-outcome")
                    .description("The agent's answer to a command, recorded once: the same answer again is taken, another is 409")
                    .consumes("application/json").produces("application/json")
                    .type(CommandOutcome.class).outType(LoggedCommand.class).to("direct:node-command-outcome")
                .get("/zones").id("zones").description("Every grid zone's current and forecast carbon intensity")
                    .produces("application/json").outType(ZoneCarbon[].class).to("direct:zones")
                .get("/zones/{id}").id("zone").description("One zone's current and forecast carbon intensity")
                    .produces("application/json").outType(ZoneCarbon.class).to("direct:zone")
                .post("/placements").id("place").description("Place a workload: a decision per replica, with alternatives")
                    .consumes("application/json").produces("application/json")
                    .type(WorkloadSpec.class).outType(PlacementDecision.class).to("direct:place")
                .get("/placements").id("placements").description("Every placed workload and its decision")
                    .produces("application/json").outType(PlacedWorkload[].class).to("direct:placements")
                .get("/placements/{id}").id("placement")
                    .description("One placed workload, and how each of its replicas on an edge node is run there (actuation)")
                    .produces("application/json").outType(PlacementView.class).to("direct:placement")
                .delete("/placements/{id}").id("unplace").description("Remove a workload and free its capacity")
                    .to("direct:unplace")
                .get("/policies").id("policies").description("The placement policies in force and the files rejected")
                    .produces("application/json").to("direct:policies")
                .get("/reoptimisations").id("reoptimisations")
                    .description("The fleet's re-optimisation rounds, newest first: the moves each made and the grams they save")
                    .produces("application/json").outType(ReoptimisationRound[].class).to("direct:reoptimisations")
                .get("/reoptimisations/{id}").id("reoptimisation").description("One re-optimisation round")
                    .produces("application/json").outType(ReoptimisationRound.class).to("direct:reoptimisation")
                .post("/reoptimisations").id("request-reoptimisation")
                    .description("Ask the leader for a re-optimisation round now; follow it with GET")
                    .produces("application/json").outType(ReoptimisationRound.class).to("direct:request-reoptimisation");

        from("direct:node-report").routeId("node-report")
                .process(respond(exchange -> nodes.report(id(exchange), exchange.getMessage().getBody(byte[].class))));
        from("direct:node-reports").routeId("node-reports")
                .process(respond(exchange -> nodes.reports(exchange.getMessage().getBody(byte[].class))));
        from("direct:fleet").routeId("fleet").process(respond(exchange -> fleet.list()));
        from("direct:fleet-cluster").routeId("fleet-cluster").process(respond(exchange -> fleet.get(id(exchange))));
        from("direct:nodes").routeId("nodes").process(respond(exchange -> nodes.list()));
        from("direct:node").routeId("node").process(respond(exchange -> nodes.get(id(exchange))));
        from("direct:issue-node-command").routeId("issue-node-command")
                .process(respond(exchange -> commands.issue(id(exchange), exchange.getMessage().getBody(byte[].class))));
        from("direct:node-commands").routeId("node-commands")
                .process(respond(exchange -> commands.list(id(exchange), exchange.getMessage().getHeader("after", String.class))));
        from("direct:node-command").routeId("node-command")
                .process(respond(exchange -> commands.get(id(exchange), commandId(exchange))));
        from("direct:cancel-node-command").routeId("cancel-node-command")
                .process(respond(exchange -> commands.cancel(id(exchange), commandId(exchange))));
        from("direct:node-command-outcome").routeId("node-command-outcome")
                .process(respond(exchange -> commands.answer(id(exchange), commandId(exchange),
                        exchange.getMessage().getBody(byte[].class))));
        from("direct:zones").routeId("zones").process(respond(exchange -> zones.list()));
        from("direct:zone").routeId("zone").process(respond(exchange -> zones.get(id(exchange))));
        from("direct:place").routeId("place")
                .process(respond(exchange -> placements.place(exchange.getMessage().getBody(byte[].class))));
        from("direct:placements").routeId("placements").process(respond(exchange -> placements.list()));
        from("direct:placement").routeId("placement").process(respond(exchange -> placements.get(id(exchange))));
        from("direct:unplace").routeId("unplace").process(respond(exchange -> placements.delete(id(exchange))));
        from("direct:policies").routeId("policies").process(respond(exchange -> policies.list()));
        from("direct:reoptimisations").routeId("reoptimisations").process(respond(exchange -> reoptimisations.list()));
        from("direct:reoptimisation").routeId("reoptimisation").process(respond(exchange -> reoptimisations.get(id(exchange))));
        from("direct:request-reoptimisation").routeId("request-reoptimisation")
                .process(respond(exchange -> reoptimisations.request()));
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader("id", String.class);
    }

    private static String commandId(Exchange exchange) {
        return exchange.getMessage().getHeader("commandId", String.class);
    }

    private org.apache.camel.Processor respond(Function<Exchange, ApiResponse> handler) {
        return exchange -> write(exchange, handler.apply(exchange));
    }

    private void write(Exchange exchange, ApiResponse response) throws Exception {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        if (response.body() == null) {
            message.setBody(null);
            return;
        }
        message.setHeader(Exchange.CONTENT_TYPE, response.body() instanceof ProblemDocument
                ? ProblemDocument.MEDIA_TYPE : "application/json");
        // A Vert.x buffer is written as it is; platform-http would stream a byte[] through an InputStream and the
        // worker pool, a few reads and thread hops per response.
        message.setBody(Buffer.buffer(json.writeValueAsBytes(response.body())));
    }

    private void writeProblem(Exchange exchange) throws Exception {
        ApiProblem problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiProblem.class);
        write(exchange, new ApiResponse(problem.status(), new ProblemDocument("about:blank", problem.title(), problem.status(),
                problem.getMessage(), path(exchange), problem.errors(), null)));
    }

    private void writeServerError(Exchange exchange) throws Exception {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String errorId = UUID.randomUUID().toString();
        LOG.error("request {} failed, error id {}", path(exchange), errorId, error);
        write(exchange, new ApiResponse(500, new ProblemDocument("about:blank", "Internal error", 500,
                "the controller could not complete the request; quote error id " + errorId + " to its operator",
                path(exchange), java.util.List.of(), errorId)));
    }

    private static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
    }
}
