package io.heliostat.solver.advice.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.constraints.justifications.Explanation;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;

/**
 * A hard rule a node would break for a replica, as its constraint would name and justify it. The justification is
 * put together when first asked for: a search meets many breaches and reports a few.
 */
public final class Breach {

    private final String constraint;
    private Supplier<Explanation> justification;
    private Explanation explanation;

    public Breach(String constraint, Supplier<Explanation> justification) {
        this.constraint = Objects.requireNonNull(constraint, "constraint");
        this.justification = Objects.requireNonNull(justification, "justification");
    }

    /** A breach whose justification is at hand. */
    public static Breach justified(String constraint, Explanation explanation) {
        Objects.requireNonNull(explanation, "explanation");
        return new Breach(constraint, () -> explanation);
    }

    public String constraint() {
        return constraint;
    }

    public Explanation explanation() {
        if (explanation == null) {
            explanation = Objects.requireNonNull(justification.get(), "explanation");
            justification = null;
        }
        return explanation;
    }

    /** "Data residency: cluster osl is in [NO], outside the allowed [EU]". */
    public String sentence() {
        return constraint + ": " + explanation().reason();
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
            return Optional.of(new Breach(PlacementConstraints.RESIDENCY, () -> PlacementConstraints.residencyViolated(probe)));
        }
        if (workload.hasLatencySlo() && probe.rttMs() > workload.latencySloMs()) {
            return Optional.of(new Breach(PlacementConstraints.LATENCY_SLO, () -> PlacementConstraints.latencySloExceeded(probe)));
        }
        if (node.unmatchedSelectorLabels(workload.nodeSelector()) > 0) {
            return Optional.of(new Breach(PlacementConstraints.NODE_SELECTOR, () -> PlacementConstraints.selectorMismatch(probe)));
        }
        if (node.untoleratedTaints(workload.tolerations(), true) > 0) {
            return Optional.of(new Breach(PlacementConstraints.TAINTS, () -> PlacementConstraints.forbiddingTaints(probe)));
        }
        if (!node.offersSandbox(workload.sandbox())) {
            return Optional.of(new Breach(PlacementConstraints.SANDBOX, () -> PlacementConstraints.sandboxUnavailable(probe)));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return sentence();
    }
}
