package io.heliostat.controller.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.camel.builder.RouteBuilder;

import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.fleet.LiveFleet;
import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.node.ReportIntake;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.placement.SandboxChoice;
import io.heliostat.controller.policy.HubPolicies;
import io.heliostat.controller.state.ControllerCluster;
import io.heliostat.solver.io.FleetDefinition;

/**
 * The controller's side of a hub cluster: its member clusters joined to the fleet, its FederatedWorkloads placed and
 * applied to them, and the statuses of all three resources written back. Every controller member follows the hub;
 * the oldest does the work ({@link #routes}), so that each member is read and each object applied once.
 */
public final class Federation implements AutoCloseable {

    public static final String WORK = "federation";

    private final HubPolicies policies;
    private final LiveFleet fleet;
    private final MemberClusters members;
    private final FederatedWorkloads workloads;
    private final Leadership leadership;
    private final ControllerSettings settings;

    private Federation(HubPolicies policies, LiveFleet fleet, MemberClusters members, FederatedWorkloads workloads,
                       Leadership leadership, ControllerSettings settings) {
        this.policies = policies;
        this.fleet = fleet;
        this.members = members;
        this.workloads = workloads;
        this.leadership = leadership;
        this.settings = settings;
    }

    /** The hub's client, from {@code heliostat.kubernetes.hub.kubeconfig} or the pod's service account. */
    public static KubernetesClient hubClient(ControllerSettings.Kubernetes settings) {
        Optional<Path> kubeconfig = settings.hubKubeconfig();
        Config config;
        if (kubeconfig.isPresent()) {
            try {
                config = Config.fromKubeconfig(Files.readString(kubeconfig.get()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("heliostat.kubernetes.hub.kubeconfig must be a readable kubeconfig file, was '"
                        + kubeconfig.get().toAbsolutePath() + "' (" + e.getMessage() + ")", e);
            }
        } else {
            config = Config.autoConfigure(null);
        }
        config.setRequestTimeout((int) settings.requestTimeout().toMillis());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Joins the hub's member clusters and FederatedWorkloads to this member's fleet and placement. */
    public static Federation start(KubernetesClient hub, HubPolicies policies, FleetDefinition file, ControllerCluster cluster,
                                   PlacementService placements, SandboxChoice sandboxes, ReportIntake intake, Leadership leadership,
                                   ControllerSettings settings, ObjectMapper json, Clock clock) {
        LiveFleet fleet = new LiveFleet(file, cluster.clusters(), cluster.nodes(), placements::fleetChanged);
        MemberClusters members = new MemberClusters(hub, json, settings, intake, cluster.clusters(), clock);
        FederatedWorkloads workloads = new FederatedWorkloads(hub, json, placements, sandboxes, members,
                new MemberObjects(settings.kubernetes()), cluster.workloads(), () -> leadership.lead(WORK).isPresent(), clock, 2);
        return new Federation(policies, fleet, members, workloads, leadership, settings);
    }

    /** The leader's periodic work: members' heartbeats, statuses, and the FederatedWorkloads' resync. */
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:member-clusters?period=1000").routeId("member-clusters")
                        .filter(exchange -> leadership.lead(WORK).isPresent())
                        .process(exchange -> {
                            members.beat();
                            policies.writeStatuses();
                        });
                from("timer:federated-workloads?period=" + settings.kubernetes().resync().toMillis()).routeId("federated-workloads")
                        .process(exchange -> {
                            workloads.resync();
                            workloads.sweep();
                        });
            }
        };
    }

    @Override
    public void close() {
        workloads.close();
        members.close();
        fleet.close();
    }
}
