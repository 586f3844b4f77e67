package io.heliostat.solver.advice.internal;

import java.util.Objects;
import java.util.Optional;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.constraints.justifications.Explanation;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;

/** A hard rule a node would break for a replica, as its constraint would name and justify it. */
public record Breach(String constraint, Explanation explanation) {

    public Breach {
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** "Data residency: cluster osl is in [NO], outside the allowed [EU]". */
    public String sentence() {
        return constraint + ": " + explanation.reason();
    }

    /** Whether the rule broken is the cluster's (residency, latency SLO): every node of the cluster breaks it alike. */
    public boolean ofCluster() {
        return constraint.equals(PlacementConstraints.RESIDENCY) || constraint.equals(PlacementConstraints.LATENCY_SLO);
    }

    /**
     * The first rule that depends on nothing but the node (data residency, latency SLO, node selector, taints,
     * sandbox) the probe's node breaks; empty exactly when {@code NodeEligibility} allows the node.
     *
     * @param probe the replica placed on the node in question
     */
    static Optional<Breach> ofStaticRules(Replica probe) {
        Node node = probe.getNode();
        Workload workload = probe.getWorkload();
        if (!node.cluster().satisfiesResidency(workload.residency())) {
            return Optional.of(new Breach(PlacementConstraints.RESIDENCY, PlacementConstraints.residencyViolated(probe)));
        }
        if (workload.hasLatencySlo() && probe.rttMs() > workload.latencySloMs()) {
            return Optional.of(new Breach(PlacementConstraints.LATENCY_SLO, PlacementConstraints.latencySloExceeded(probe)));
        }
        if (node.unmatchedSelectorLabels(workload.nodeSelector()) > 0) {
            return Optional.of(new Breach(PlacementConstraints.NODE_SELECTOR, PlacementConstraints.selectorMismatch(probe)));
        }
        if (node.untoleratedTaints(workload.tolerations(), true) > 0) {
            return Optional.of(new Breach(PlacementConstraints.TAINTS, PlacementConstraints.forbiddingTaints(probe)));
        }
        if (!node.offersSandbox(workload.sandbox())) {
            return Optional.of(new Breach(PlacementConstraints.SANDBOX, PlacementConstraints.sandboxUnavailable(probe)));
        }
        return Optional.empty();
    }
}
