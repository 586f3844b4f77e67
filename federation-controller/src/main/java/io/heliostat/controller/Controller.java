package io.heliostat.controller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.RoutesBuilder;

import io.heliostat.api.policy.ReoptimisationSpec;
import io.heliostat.carbon.TraceReplayRoutes;
import io.heliostat.carbon.ZoneClaims;
import io.heliostat.carbon.feed.CarbonAwareSdkRoutes;
import io.heliostat.carbon.feed.ElectricityMapsRoutes;
import io.heliostat.carbon.feed.NesoRoutes;
import io.heliostat.carbon.feed.WattTimeRoutes;
import io.heliostat.controller.actuation.EdgeActuation;
import io.heliostat.controller.actuation.EdgeActuationRoutes;
import io.heliostat.controller.carbon.CarbonMetrics;
import io.heliostat.controller.carbon.ZoneCarbonBook;
import io.heliostat.controller.command.NodeCommands;
import io.heliostat.controller.federation.Federation;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.hono.HonoNorthbound;
import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.ReportIntake;
import io.heliostat.controller.placement.PlacementPolicies;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.placement.SandboxChoice;
import io.heliostat.controller.policy.HubPolicies;
import io.heliostat.controller.policy.PolicyDirectory;
import io.heliostat.controller.policy.PolicySource;
import io.heliostat.controller.reoptimisation.FleetReoptimisation;
import io.heliostat.controller.rest.ApiRoutes;
import io.heliostat.controller.rest.CommandsResource;
import io.heliostat.controller.rest.FleetResource;
import io.heliostat.controller.rest.JsonBodies;
import io.heliostat.controller.rest.MetricsRoutes;
import io.heliostat.controller.rest.NodesResource;
import io.heliostat.controller.rest.PlacementsResource;
import io.heliostat.controller.rest.PoliciesResource;
import io.heliostat.controller.rest.ReoptimisationsResource;
import io.heliostat.controller.rest.UtcInstantDeserializer;
import io.heliostat.controller.rest.ZonesResource;
import io.heliostat.controller.state.ControllerCluster;
import io.heliostat.solver.advice.FleetReoptimiser;
import io.heliostat.solver.io.FleetDefinition;
import io.heliostat.solver.io.PlacementFileException;
import io.heliostat.solver.io.ProblemFileReader;
import io.heliostat.solver.placement.PlannerSettings;
import io.heliostat.solver.trace.TraceResolver;

/**
 * One controller member: its Hazelcast member and the services on top of it, wired once. The Camel runtime
 * ({@link ControllerMain}) adds the routes it returns; tests build it the same way.
 */
public final class Controller implements AutoCloseable {

    private final ControllerSettings settings;
    private final ObjectMapper json;
    private final ControllerCluster cluster;
    private final NodeRegistry nodes;
    private final Leadership leadership;
    private final ZoneCarbonBook zones;
    private final PolicySource policies;
    private final PlacementService placements;
    private final FleetReoptimisation reoptimisation;
    private final NodeCommands commands;
    private final ReportIntake intake;
    private final Optional<HonoNorthbound> hono;
    private final EdgeActuation edgeActuation;
    private final Clock clock;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CarbonMetrics carbonMetrics;
    private final ZoneClaims zoneClaims = new ZoneClaims();
    private final Optional<Federation> federation;
    private final Optional<KubernetesClient> hub;

    private Controller(ControllerSettings settings, ObjectMapper json, ControllerCluster cluster, PolicySource policies,
                       Optional<KubernetesClient> hub, FleetDefinition fleet, Clock clock) {
        this.settings = settings;
        this.policies = policies;
        this.json = json;
        this.cluster = cluster;
        this.nodes = new NodeRegistry(cluster.nodes(), settings, clock);
        this.leadership = new Leadership(cluster.member(), cluster.leases(), clock);
        this.zones = new ZoneCarbonBook(cluster.zones(), leadership);
        this.clock = clock;
        this.carbonMetrics = new CarbonMetrics(meters, zones, clock);
        // The fleet file is the clusters' truth at every start; every member reads the same file.
        fleet.plan().getClusters().forEach(site -> cluster.clusters().set(site.id(), ClusterSite.of(site, fleet.plan().getNodes())));
        PlacementPolicies inForce = new PlacementPolicies(policies::policies);
        this.placements = new PlacementService(fleet, inForce, cluster.workloads(),
                nodes::openNodes, cluster.nodeAvailability(), clock, settings.alternatives());
        this.commands = new NodeCommands(cluster.nodeCommands(), nodes, placements, settings.commands(), clock);
        this.reoptimisation = new FleetReoptimisation(leadership, cluster.reoptimisations(), cluster.workloads(), placements,
                zones::zones, () -> reoptimisationTriggers(inForce, placements.policiesInUse()),
                new FleetReoptimiser(PlannerSettings.ofDefaults().withTimeLimit(settings.reoptimisation().timeLimit())),
                settings.reoptimisation().retainedRounds(), clock, cluster.member().getCluster().getLocalMember().getAddress().toString());
        this.intake = new ReportIntake(nodes, placements::nodeReady);
        SandboxChoice sandboxes = new SandboxChoice(inForce);
        this.edgeActuation = new EdgeActuation(leadership, cluster.workloads(), placements, cluster.edgeRuns(), commands, sandboxes,
                fleet.plan().getNodes(), settings.edgeActuation(), clock);
        this.hub = hub;
        this.federation = hub.map(client -> Federation.start(client, (HubPolicies) policies, fleet, cluster, placements, sandboxes,
                intake, leadership, settings, json, clock));
        // Last: records may arrive at once, and go to everything above.
        this.hono = settings.telemetry().accepts(ControllerSettings.Transport.HONO)
                ? Optional.of(HonoNorthbound.start(settings.telemetry().hono(), intake, commands, cluster.honoDevices(), json, clock))
                : Optional.empty();
    }

    /** When to re-optimise: the strictest triggers of the default policy and of every policy a workload is under. */
    private static ReoptimisationSpec reoptimisationTriggers(PlacementPolicies inForce, Set<String> inUse) {
        List<ReoptimisationSpec> specs = new ArrayList<>();
        specs.add(inForce.fleetDefault().spec().reoptimisation());
        inUse.forEach(name -> specs.add(inForce.current(name).spec().reoptimisation()));
        return ReoptimisationSpec.strictest(specs);
    }

    /**
     * Starts a member; a policy directory that cannot be read, or a hub that cannot be listed, stops it before it joins
     * the cluster.
     */
    public static Controller start(ControllerSettings settings, Clock clock) {
        ObjectMapper json = objectMapper();
        FleetDefinition fleet = fleet(settings.fleetFile(), settings.kubernetes().hubEnabled());
        Optional<KubernetesClient> hub = settings.kubernetes().hubEnabled()
                ? Optional.of(Federation.hubClient(settings.kubernetes())) : Optional.empty();
        PolicySource policies;
        try {
            policies = hub.isPresent() ? HubPolicies.watch(hub.get(), json, clock) : PolicyDirectory.open(settings.policyDirectory());
        } catch (IOException e) {
            throw new IllegalArgumentException("heliostat.policies.directory must be a readable directory, was '"
                    + settings.policyDirectory().toAbsolutePath() + "' (" + e + ")", e);
        } catch (RuntimeException e) {
            hub.ifPresent(KubernetesClient::close);
            throw e;
        }
        try {
            return new Controller(settings, json, ControllerCluster.start(settings, json), policies, hub, fleet, clock);
        } catch (RuntimeException e) {
            stopWatching(policies);
            hub.ifPresent(KubernetesClient::close);
            throw e;
        }
    }

    /** With a hub, the member clusters are the fleet's clusters: the file may then give only zones and user locations. */
    private static FleetDefinition fleet(Path file, boolean hub) {
        try {
            ProblemFileReader reader = new ProblemFileReader(new TraceResolver());
            return hub ? reader.readHubFleet(file) : reader.readFleet(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("heliostat.fleet.file must be a readable problem file, was '"
                    + file.toAbsolutePath() + "' (" + e + ")", e);
        } catch (PlacementFileException e) {
            throw new IllegalArgumentException("heliostat.fleet.file '" + file + "' is not a valid fleet: " + e.getMessage(), e);
        }
    }

    /**
     * JSON as the API and the cluster state speak it: ISO-8601 times, no unknown fields in requests. Blackbird reads
     * and writes records through generated accessors instead of reflective calls, which took a good part of the JSON
     * work of every placement. Instants in UTC and doubles are read by the fast paths: a node report is mostly them.
     */
    public static ObjectMapper objectMapper() {
        return JsonMapper.builder().findAndAddModules().addModule(new BlackbirdModule())
                .addModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
    }

    public ApiRoutes apiRoutes() {
        JsonBodies bodies = new JsonBodies(json);
        NodesResource nodesResource = new NodesResource(nodes, intake, bodies,
                settings.telemetry().accepts(ControllerSettings.Transport.HTTP));
        return new ApiRoutes(json, nodesResource, new CommandsResource(commands, bodies), new ZonesResource(zones),
                new PoliciesResource(policies), new PlacementsResource(placements, edgeActuation::actuation, bodies), new ReoptimisationsResource(reoptimisation),
                new FleetResource(cluster.clusters(), nodes, zones, placements));
    }

    /**
     * Every carbon feed, each into the zone book: the recorded traces (the embedded default) and the live providers,
     * each of which polls only when enabled; a zone configured for two of them stops the start.
     */
    public List<RoutesBuilder> carbonFeedRoutes() {
        return List.of(new TraceReplayRoutes(zones, clock, zoneClaims),
                new ElectricityMapsRoutes(zones, carbonMetrics, clock, zoneClaims),
                new WattTimeRoutes(zones, carbonMetrics, clock, zoneClaims),
                new NesoRoutes(zones, carbonMetrics, clock, zoneClaims),
                new CarbonAwareSdkRoutes(zones, carbonMetrics, clock, zoneClaims));
    }

    /** {@code GET /metrics} for Prometheus. */
    public MetricsRoutes metricsRoutes() {
        return new MetricsRoutes(meters, carbonMetrics);
    }

    public FleetRoutes fleetRoutes() {
        return new FleetRoutes(nodes, leadership, placements, zones, reoptimisation, settings);
    }

    public EdgeActuationRoutes edgeActuationRoutes() {
        return new EdgeActuationRoutes(edgeActuation, settings.edgeActuation());
    }

    public ControllerSettings settings() {
        return settings;
    }

    public ControllerCluster cluster() {
        return cluster;
    }

    public NodeRegistry nodes() {
        return nodes;
    }

    public ZoneCarbonBook zones() {
        return zones;
    }

    public PlacementService placements() {
        return placements;
    }

    public PolicySource policies() {
        return policies;
    }

    public FleetReoptimisation reoptimisation() {
        return reoptimisation;
    }

    public NodeCommands commands() {
        return commands;
    }

    public Leadership leadership() {
        return leadership;
    }

    /** Hono's Kafka northbound, when {@code heliostat.telemetry.transports} names hono. */
    public Optional<HonoNorthbound> hono() {
        return hono;
    }

    public EdgeActuation edgeActuation() {
        return edgeActuation;
    }

    /** The hub cluster's side, when {@code heliostat.kubernetes.hub.enabled}. */
    public Optional<Federation> federation() {
        return federation;
    }

    @Override
    public void close() {
        // Reports stop coming in before the state they go to closes.
        hono.ifPresent(HonoNorthbound::close);
        federation.ifPresent(Federation::close);
        edgeActuation.close();
        placements.close();
        stopWatching(policies);
        hub.ifPresent(KubernetesClient::close);
        cluster.close();
    }

    private static void stopWatching(PolicySource policies) {
        try {
            policies.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop watching the policies", e);
        }
    }
}
