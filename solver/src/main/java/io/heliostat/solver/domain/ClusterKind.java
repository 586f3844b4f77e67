package io.heliostat.solver.domain;

/** A member cluster is either a cloud region or an edge site (gateways, micro data centres). */
public enum ClusterKind {
    CLOUD, EDGE
}
