package io.heliostat.solver.advice;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.heliostat.solver.advice.internal.LivePlan;
import io.heliostat.solver.advice.internal.WorkloadSearch;
import io.heliostat.solver.analysis.internal.ConstraintMatches;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.placement.PlacementModel;

/**
 * Answers a placement request in milliseconds against a live plan, under the same constraints and weights
 * as the full solve: where each replica of a workload should run (and from which slot, for a deferrable
 * job), what it emits, and the runners-up with the reason each lost. Timefold's own recommended fit
 * ({@code SolutionManager.recommendAssignment}) is an Enterprise feature; this one ranks nodes by the
 * constraints' soft-cost arithmetic over a load ledger and confirms the best few through an incremental
 * score director, so that every score it reports is the constraints' own.
 *
 * <p>The live plan changes only through this class: {@link #recommend} puts the workload in it on trial,
 * {@link #accept} keeps it, and anything else (another recommendation, {@link #remove}, {@link #snapshot} ...)
 * withdraws a recommendation not accepted. The background re-optimisation solves a {@link #snapshot}.
 *
 * <p>Not thread-safe: one caller at a time, such as every call under one lock, with {@code recommend} and
 * {@code accept} of one request under the same hold; only {@link #prepare} may be called from any thread at any
 * time. Opening one on a 50,000-replica plan takes seconds.
 */
public final class PlacementAdvisor implements AutoCloseable {

    private final ConstraintMatches constraintMatches;
    private final AdvisorSettings settings;
    /** Indexes of the nodes no replica may go to now. */
    private final BitSet unavailable = new BitSet();
    /** Replaced when intensities change: volatile for {@link #prepare}, which reads it without the caller's lock. */
    private volatile LivePlan live;
    private Pending pending;

    /**
     * The part of a recommendation that does not depend on the live plan's load, done ahead: the fleet's kinds of
     * node ranked for the workload. Good for one {@link #recommend(Preparation, int)} of this advisor.
     */
    public static final class Preparation {
        private final WorkloadSearch.Ranking groups;

        private Preparation(WorkloadSearch.Ranking groups) {
            this.groups = groups;
        }

        public Workload workload() {
            return groups.workload();
        }
    }

    /** A recommendation on trial in the live plan, not yet accepted. */
    private record Pending(Recommendation recommendation, Workload workload) {
    }

    /** An advisor on {@code plan} (the fleet, its workloads and where their replicas run), with default settings. */
    public PlacementAdvisor(FleetPlan plan) {
        this(plan, AdvisorSettings.ofDefaults());
    }

    /** The plan is read, not kept: later changes to it do not reach the advisor. */
    public PlacementAdvisor(FleetPlan plan, AdvisorSettings settings) {
        Objects.requireNonNull(plan, "plan");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.constraintMatches = new ConstraintMatches(PlacementModel.solverConfig());
        this.live = LivePlan.open(constraintMatches, plan);
    }

    /**
     * Where each replica of a new workload should go, decided in replica order, with up to {@code alternatives}
     * runners-up and up to as many nodes that hard rules rule out but would have cost less. A replica that no node
     * can take is left unplaced in the decision.
     *
     * @throws IllegalArgumentException naming the field, for a workload whose id the live plan has already, whose
     *                                  userLocation has no RTT to some cluster, whose colocateWith names a workload
     *                                  the live plan does not have, or whose deadline is beyond the horizon
     */
    public Recommendation recommend(Workload workload, int alternatives) {
        Objects.requireNonNull(workload, "workload");
        requireAlternatives(alternatives);
        return recommend(rank(live, workload), alternatives);
    }

    /**
     * Ranks the fleet's kinds of node for a workload to be recommended next: the part of a recommendation that does
     * not depend on the live plan's load (on a 5,000-node fleet, some 300 kinds of node priced and judged by the
     * static rules). Unlike every other method, it may be called from any thread while another uses the advisor, so
     * that a caller who serialises recommendations can do it before its lock.
     *
     * @throws IllegalArgumentException as {@link #recommend(Workload, int)} does for a userLocation without RTTs or
     *                                  a deadline beyond the horizon
     */
    public Preparation prepare(Workload workload) {
        Objects.requireNonNull(workload, "workload");
        return new Preparation(rank(live, workload));
    }

    /**
     * {@link #recommend(Workload, int)} for a prepared workload. A preparation made before the live plan was opened
     * anew (see {@link #updateIntensities}) is made again.
     */
    public Recommendation recommend(Preparation preparation, int alternatives) {
        Objects.requireNonNull(preparation, "preparation");
        requireAlternatives(alternatives);
        WorkloadSearch.Ranking groups = preparation.groups;
        return recommend(groups.rankedOn(live) ? groups : rank(live, preparation.workload()), alternatives);
    }

    private static void requireAlternatives(int alternatives) {
        if (alternatives < 0) {
            throw new IllegalArgumentException("alternatives must be >= 0, was " + alternatives);
        }
    }

    private Recommendation recommend(WorkloadSearch.Ranking groups, int alternatives) {
        Workload workload = groups.workload();
        withdraw();
        live.session().addWorkload(workload);
        try {
            WorkloadSearch search = new WorkloadSearch(live, groups, unavailable, settings.confirmedCandidates(), alternatives);
            List<ReplicaDecision> decisions = new ArrayList<>(workload.replicas());
            for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
                decisions.add(search.decide(live.session().addReplica(workload)));
            }
            Recommendation recommendation = new Recommendation(workload.id(), decisions, live.session().score());
            pending = new Pending(recommendation, workload);
            return recommendation;
        } catch (RuntimeException e) {
            live.remove(workload);
            throw e;
        }
    }

    /** Refuses, before the ranking needs them, a deadline beyond the horizon and a user location without RTTs. */
    private static WorkloadSearch.Ranking rank(LivePlan plan, Workload workload) {
        plan.horizon().requireCovers(workload);
        workload.userLocation().ifPresent(location -> {
            List<String> unreachable = plan.unreachableClusters(location);
            if (!unreachable.isEmpty()) {
                throw new IllegalArgumentException("workload " + workload.id() + ": userLocation '" + location.id()
                        + "' is not a location of this fleet: it has no RTT to clusters " + unreachable);
            }
        });
        return WorkloadSearch.rank(plan, workload);
    }

    /**
     * Keeps the workload of the latest recommendation in the live plan where advised; replicas it left unplaced
     * stay so, for the background solve to place.
     *
     * @throws IllegalStateException when it is not the latest recommendation, or the live plan changed since
     */
    public void accept(Recommendation recommendation) {
        Objects.requireNonNull(recommendation, "recommendation");
        if (pending == null || pending.recommendation() != recommendation) {
            throw new IllegalStateException("the recommendation for " + recommendation.workload()
                    + " is not the latest, or the live plan changed since: recommend again");
        }
        pending = null;
    }

    /**
     * Takes into the live plan a workload decided elsewhere (by another controller member, or moved by the
     * background re-optimisation), each replica where {@code assignments} says, in ordinal order: no search.
     * A workload the live plan has already is replaced, unless its replicas are where they are said to be.
     *
     * @throws IllegalArgumentException for assignments that do not match the workload's replicas, an unknown node,
     *                                  or what {@link #recommend} refuses in a workload
     * @throws IllegalStateException    when it replaces a workload that others must run next to with one of another
     *                                  number of replicas (one with as many keeps its facts, and its replicas move)
     */
    public void adopt(Workload workload, List<Assignment> assignments) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(assignments, "assignments");
        if (assignments.size() != workload.replicas()) {
            throw new IllegalArgumentException("workload " + workload.id() + " has " + workload.replicas() + " replicas, but "
                    + assignments.size() + " assignments were given");
        }
        withdraw();
        Optional<Workload> existing = live.session().workload(workload.id());
        if (existing.isPresent()) {
            if (runsAsAssigned(existing.get(), assignments)) {
                return;
            }
            try {
                live.remove(existing.get());
            } catch (IllegalStateException dependedOn) {
                if (existing.get().replicas() != workload.replicas()) {
                    throw dependedOn;
                }
                // Others must run next to it, so it cannot leave the plan even for a moment: its replicas move instead.
                List<Replica> replicas = live.session().replicas(existing.get());
                for (int i = 0; i < assignments.size(); i++) {
                    Assignment assignment = assignments.get(i);
                    live.relocate(replicas.get(i), assignment.node() == null ? null : node(assignment.node()), assignment.startSlot());
                }
                return;
            }
        }
        live.session().addWorkload(workload);
        try {
            for (Assignment assignment : assignments) {
                Replica replica = live.session().addReplica(workload);
                live.session().move(replica, assignment.node() == null ? null : node(assignment.node()), assignment.startSlot());
                live.book(replica);
            }
        } catch (RuntimeException e) {
            live.remove(workload);
            throw e;
        }
    }

    private boolean runsAsAssigned(Workload workload, List<Assignment> assignments) {
        List<Replica> replicas = live.session().replicas(workload);
        for (int i = 0; i < assignments.size(); i++) {
            Replica replica = i < replicas.size() ? replicas.get(i) : null;
            Assignment assignment = assignments.get(i);
            if (replica == null || !Objects.equals(replica.getNode() == null ? null : replica.getNode().id(), assignment.node())
                    || !Objects.equals(replica.getStartSlot(), assignment.startSlot())) {
                return false;
            }
        }
        return replicas.size() == assignments.size();
    }

    /** Whether the live plan holds the workload. */
    public boolean holds(String workloadId) {
        return live.session().workload(workloadId).isPresent();
    }

    /**
     * Takes a workload and its replicas out of the live plan, freeing their capacity.
     *
     * @throws IllegalArgumentException when the live plan has no such workload
     * @throws IllegalStateException    while other workloads must run next to it (their colocateWith names it)
     */
    public void remove(String workloadId) {
        Objects.requireNonNull(workloadId, "workloadId");
        withdraw();
        live.remove(live.session().workload(workloadId)
                .orElseThrow(() -> new IllegalArgumentException("no workload '" + workloadId + "' in the live plan")));
    }

    /**
     * Leaves the node out of every recommendation until {@link #markAvailable}, as when it is lost or cordoned.
     * What runs there stays in the live plan: moving it is the background solve's or the controller's call.
     */
    public void markUnavailable(String nodeId) {
        withdraw();
        unavailable.set(node(nodeId).index());
    }

    public void markAvailable(String nodeId) {
        withdraw();
        unavailable.clear(node(nodeId).index());
    }

    /** Whether recommendations may use the node: not marked unavailable. */
    public boolean isAvailable(String nodeId) {
        return !unavailable.get(node(nodeId).index());
    }

    private Node node(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        return live.node(nodeId).orElseThrow(() -> new IllegalArgumentException("no node '" + nodeId + "' in the fleet"));
    }

    /**
     * Takes new carbon intensities (g/kWh per slot of the horizon) for the zones named. Zones are immutable
     * facts shared with snapshots, so this re-opens the live plan on new ones: as slow as opening the advisor
     * (seconds on a 50,000-replica plan). Give every zone of one signal refresh in one call.
     *
     * @throws IllegalArgumentException for an unknown zone or too few values
     */
    public void updateIntensities(Map<String, double[]> gramsPerKwhByZone) {
        Objects.requireNonNull(gramsPerKwhByZone, "gramsPerKwhByZone");
        withdraw();
        LivePlan next = LivePlan.open(constraintMatches, live.snapshotWithIntensities(gramsPerKwhByZone));
        live.close();
        live = next;
    }

    /**
     * A new plan of the live one, for the background re-optimisation: the fleet's facts (immutable, shared) and
     * a copy of every replica, each running where it is, so that the solve pays for every move it makes.
     */
    public FleetPlan snapshot() {
        withdraw();
        return live.snapshot();
    }

    /** Takes a recommendation not accepted out of the live plan. */
    private void withdraw() {
        if (pending != null) {
            live.remove(pending.workload());
            pending = null;
        }
    }

    @Override
    public void close() {
        live.close();
    }
}
