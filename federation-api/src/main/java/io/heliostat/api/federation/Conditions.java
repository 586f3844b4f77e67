package io.heliostat.api.federation;

/**
 * The API group of Heliostat's custom resources and the condition types their statuses carry. Conditions follow
 * Kubernetes' convention (type, status True/False/Unknown, reason, message, observedGeneration, lastTransitionTime).
 */
public final class Conditions {

    public static final String GROUP = "heliostat.io";
    public static final String VERSION = "v1alpha1";

    /** The spec was read and is valid; False names every bad field. */
    public static final String ACCEPTED = "Accepted";
    /** Every replica has a node (FederatedWorkload). */
    public static final String PLACED = "Placed";
    /** Some replicas wait for room, or a member they run in is lost (FederatedWorkload). */
    public static final String DEGRADED = "Degraded";
    /** The member answers and its nodes are read (MemberCluster). */
    public static final String READY = "Ready";

    private Conditions() {
    }
}
