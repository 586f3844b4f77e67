package io.heliostat.api.federation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import io.heliostat.api.Copies;

/**
 * A Kubernetes cluster the controller places workloads on: a cloud region or an edge site, reached through a
 * kubeconfig kept in a secret on the hub. Cluster-scoped. Its {@code metadata.labels} are what policies'
 * {@code clusterSelector} match; its name is the cluster's id in the fleet.
 */
@Group(Conditions.GROUP)
@Version(Conditions.VERSION)
@ShortNames("hmc")
@AdditionalPrinterColumn(name = "Zone", jsonPath = ".spec.zone")
@AdditionalPrinterColumn(name = "Edge", jsonPath = ".spec.edge")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".status.capacity.readyNodes")
public class MemberCluster extends CustomResource<MemberClusterSpec, MemberCluster.Status> {

    /** Answering, and its nodes read at the last beat. */
    public static final String PHASE_READY = "Ready";
    /** Missed beats, within the grace period: nothing new goes there, nothing moves yet. */
    public static final String PHASE_SUSPECT = "Suspect";
    /** Silent past the grace period: its workloads are placed elsewhere where policy allows. */
    public static final String PHASE_LOST = "Lost";
    /** Not reachable at all: its kubeconfig secret is missing or wrong. */
    public static final String PHASE_UNREACHABLE = "Unreachable";

    /**
     * @param phase         Ready, Suspect, Lost or Unreachable
     * @param lastHeartbeat when the member last answered
     * @param capacity      what its schedulable nodes offer
     * @param runtimes      sandbox runtimes its RuntimeClasses give (runc is always there)
     */
    public record Status(Long observedGeneration, List<Condition> conditions, String phase, Instant lastHeartbeat,
                         CapacitySummary capacity, List<String> runtimes, String kubernetesVersion) {

        public Status {
            conditions = Copies.list(conditions);
            runtimes = Copies.list(runtimes);
        }
    }

    /**
     * What a member's nodes offer to workloads (allocatable), summed over its Ready, schedulable nodes.
     *
     * @param cpu    cores, as a Kubernetes quantity
     * @param memory bytes, as a Kubernetes quantity
     * @param extended extended resources such as nvidia.com/gpu, by name
     */
    public record CapacitySummary(int nodes, int readyNodes, String cpu, String memory, Map<String, String> extended) {

        public CapacitySummary {
            extended = Copies.map(extended);
        }
    }
}
