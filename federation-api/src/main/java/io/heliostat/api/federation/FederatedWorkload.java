package io.heliostat.api.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

import io.heliostat.api.Copies;

/**
 * A Deployment or Job to run across the member clusters where its carbon, power and latency are lowest under every
 * hard rule: the controller places its replicas on member nodes and applies one object per member that received
 * some, labelled back to this resource. Namespaced; the objects go to the same namespace in each member.
 */
@Group(Conditions.GROUP)
@Version(Conditions.VERSION)
@ShortNames("hfw")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas")
@AdditionalPrinterColumn(name = "Placed", jsonPath = ".status.placedReplicas")
@AdditionalPrinterColumn(name = "gCO2e/h", jsonPath = ".status.gramsCo2ePerHour")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Placed\")].status")
public class FederatedWorkload extends CustomResource<FederatedWorkloadSpec, FederatedWorkload.Status> implements Namespaced {

    /** Label on every object the controller applies to a member: its FederatedWorkload, as {@link #ownerLabelValue} gives. */
    public static final String OWNER_LABEL = "heliostat.io/federated-workload";
    /** A label value's limit in Kubernetes. */
    private static final int MAX_LABEL_VALUE = 63;
    private static final int HASH_CHARACTERS = 10;
    /** Label on every object the controller applies to a member, and on nodes it reads: the member cluster's name. */
    public static final String CLUSTER_LABEL = "heliostat.io/cluster";

    /**
     * The {@value #OWNER_LABEL} value of the FederatedWorkload {@code namespace/name}: {@code <namespace>.<name>}, or,
     * when that is longer than a label value may be, its beginning and a hash of the whole, so that every
     * FederatedWorkload has its own.
     */
    public static String ownerLabelValue(String namespace, String name) {
        String whole = namespace + "." + name;
        if (whole.length() <= MAX_LABEL_VALUE) {
            return whole;
        }
        String hash;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(whole.getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(digest).substring(0, HASH_CHARACTERS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        String head = whole.substring(0, MAX_LABEL_VALUE - HASH_CHARACTERS - 1).replaceAll("[^A-Za-z0-9]+$", "");
        return head + "-" + hash;
    }

    /**
     * Where the replicas went and why not elsewhere.
     *
     * @param replicas        replicas asked for, over every member (a Duplicated workload counts each copy)
     * @param placedReplicas  replicas with a node
     * @param gramsCo2ePerHour what the placed replicas add, at the current intensities
     * @param placements      per member cluster: its replicas and nodes
     * @param exclusions      for an unplaced replica, each member cluster and the rules that excluded it
     */
    public record Status(Long observedGeneration, List<Condition> conditions, Integer replicas, Integer placedReplicas,
                         Double gramsCo2ePerHour, List<ClusterPlacement> placements, List<ClusterExclusion> exclusions) {

        public Status {
            conditions = Copies.list(conditions);
            placements = Copies.list(placements);
            exclusions = Copies.list(exclusions);
        }
    }

    /** The replicas one member cluster runs, on which nodes, in which sandbox runtime, and their grams CO2e per hour. */
    public record ClusterPlacement(String cluster, int replicas, List<String> nodes, String runtime, double gramsCo2ePerHour) {

        public ClusterPlacement {
            nodes = Copies.list(nodes);
        }
    }

    /** Why a member cluster took none of the replicas that wait for room: each rule it broke, in words. */
    public record ClusterExclusion(String cluster, List<String> reasons) {

        public ClusterExclusion {
            reasons = Copies.list(reasons);
        }
    }
}
