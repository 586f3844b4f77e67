package io.heliostat.controller.validation;

import java.util.Arrays;
import java.util.Optional;

import io.heliostat.api.federation.Conditions;

/** Heliostat's custom resources, by the kind a document names and the CRD that defines it. */
enum CustomResourceKind {

    PLACEMENT_POLICY("PlacementPolicy", "placementpolicies"),
    MEMBER_CLUSTER("MemberCluster", "memberclusters"),
    FEDERATED_WORKLOAD("FederatedWorkload", "federatedworkloads");

    static final String API_VERSION = Conditions.GROUP + "/" + Conditions.VERSION;

    private final String kind;
    private final String plural;

    CustomResourceKind(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    static Optional<CustomResourceKind> of(String kind) {
        return Arrays.stream(values()).filter(value -> value.kind.equals(kind)).findFirst();
    }

    String kind() {
        return kind;
    }

    /** The CRD's name, such as {@code memberclusters.heliostat.io}. */
    String crdName() {
        return plural + "." + Conditions.GROUP;
    }
}
