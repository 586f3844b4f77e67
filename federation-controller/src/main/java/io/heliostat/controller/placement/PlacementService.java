package io.heliostat.controller.placement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.FieldError;
import io.heliostat.api.placement.AlternativeNode;
import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.rest.ApiProblem;
import io.heliostat.solver.advice.Alternative;
import io.heliostat.solver.advice.PlacementAdvisor;
import io.heliostat.solver.advice.Recommendation;
import io.heliostat.solver.analysis.Placement;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.io.FleetDefinition;

/**
 * Places workloads one at a time against the live fleet, in milliseconds, with the solver's
 * {@link PlacementAdvisor}: the same constraints and weights as the full solve, the chosen node and the
 * runners-up with the reason each lost. Accepted workloads are kept in the shared {@code workloads} map.
 *
 * <p>The fleet (clusters, nodes, user locations, zones) comes from the fleet file; a node takes new work only
 * after it has reported and while it is Ready. Slot 0 of the live horizon starts when the controller started;
 * zone intensities follow the carbon signals. One advisor per member, used under this object's lock: a member
 * places what it is asked, so for now placement requests go to one member (see the README).
 */
public final class PlacementService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);

    private final FleetDefinition fleet;
    private final IMap<String, PlacedWorkload> workloads;
    private final Clock clock;
    private final int alternatives;
    private final Horizon horizon;
    private final Map<String, Cluster> clustersById = new HashMap<>();
    private final Map<String, Node> nodesById = new HashMap<>();
    private final PlacementAdvisor advisor;

    public PlacementService(FleetDefinition fleet, PlacementPolicy policy, IMap<String, PlacedWorkload> workloads, Clock clock,
                            int alternatives) {
        this.fleet = fleet;
        this.workloads = workloads;
        this.clock = clock;
        this.alternatives = alternatives;
        FleetPlan file = fleet.plan();
        this.horizon = new Horizon(clock.instant(), file.getHorizon().slotLength(), file.getHorizon().slots());
        file.getClusters().forEach(cluster -> clustersById.put(cluster.id(), cluster));
        file.getNodes().forEach(node -> nodesById.put(node.id(), node));
        // The fleet's own workloads are the demo's requests, not running work: the live plan starts empty.
        this.advisor = new PlacementAdvisor(new FleetPlan(horizon, policy, file.getZones(), file.getClusters(), file.getNodes(),
                List.of(), List.of()));
        // No node has reported yet.
        file.getNodes().forEach(node -> advisor.markUnavailable(node.id()));
    }

    /** Decides and keeps a new workload; 400 naming the field for what the fleet cannot take, 409 for a known id. */
    public synchronized PlacementDecision place(WorkloadSpec spec) {
        if (workloads.containsKey(spec.id())) {
            throw ApiProblem.conflict("workload '" + spec.id() + "' is placed already; DELETE it first to place it anew");
        }
        if (spec.policy() != null && !spec.policy().equals("default")) {
            throw ApiProblem.invalid("placement request names a policy the live plan does not use", List.of(new FieldError("policy",
                    "must be 'default' (or absent): the live plan is weighed by one policy; per-workload policies are not supported yet")));
        }
        long started = System.nanoTime();
        Instant now = clock.instant();
        WorkloadTranslation.Result translated = WorkloadTranslation.translate(spec, fleet, horizon, now);
        List<FieldError> errors = new ArrayList<>(translated.errors());
        for (int i = 0; i < spec.colocateWith().size(); i++) {
            if (!workloads.containsKey(spec.colocateWith().get(i))) {
                errors.add(new FieldError("colocateWith[" + i + "]", "must name a placed workload, was '"
                        + spec.colocateWith().get(i) + "'"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("placement request does not fit this fleet", errors);
        }
        Workload workload = translated.workload().orElseThrow();
        Recommendation recommendation;
        try {
            recommendation = advisor.recommend(workload, alternatives);
        } catch (IllegalArgumentException e) {
            // What the fields above cannot show, such as an id a concurrent request placed first.
            throw ApiProblem.invalid("placement request does not fit this fleet", List.of(new FieldError("(body)", e.getMessage())));
        }
        advisor.accept(recommendation);
        PlacementDecision decision = decision(spec, workload, recommendation, now, (System.nanoTime() - started) / 1000);
        try {
            workloads.set(spec.id(), new PlacedWorkload(spec, decision));
        } catch (RuntimeException e) {
            // Not kept, not placed: the live plan must not hold what the shared state does not.
            advisor.remove(spec.id());
            throw e;
        }
        return decision;
    }

    public synchronized void remove(String workloadId) {
        if (!workloads.containsKey(workloadId)) {
            throw ApiProblem.notFound("no workload '" + workloadId + "' is placed");
        }
        try {
            advisor.remove(workloadId);
        } catch (IllegalStateException e) {
            throw ApiProblem.conflict(e.getMessage());
        }
        workloads.delete(workloadId);
    }

    public Optional<PlacedWorkload> placement(String workloadId) {
        return Optional.ofNullable(workloads.get(workloadId));
    }

    public List<PlacedWorkload> placements() {
        List<PlacedWorkload> all = new ArrayList<>(workloads.values());
        all.sort(Comparator.comparing(placed -> placed.spec().id()));
        return all;
    }

    /** A node of the fleet reported and is Ready: new work may go there. Nodes not in the fleet file are ignored. */
    public synchronized void nodeReady(String nodeId) {
        if (nodesById.containsKey(nodeId)) {
            advisor.markAvailable(nodeId);
        }
    }

    /**
     * A node is Suspect or Lost: nothing new goes there. When it is lost, each workload with a replica there is
     * placed anew (its other replicas may move too, at the advisor's migration price); returns those workloads.
     */
    public synchronized List<String> nodeGone(String nodeId, boolean lost) {
        if (!nodesById.containsKey(nodeId)) {
            return List.of();
        }
        advisor.markUnavailable(nodeId);
        if (!lost) {
            return List.of();
        }
        List<String> replaced = new ArrayList<>();
        for (PlacedWorkload placed : workloads.values()) {
            boolean ranThere = placed.decision().replicas().stream().anyMatch(replica -> nodeId.equals(replica.node()));
            if (ranThere) {
                advisor.remove(placed.spec().id());
                workloads.delete(placed.spec().id());
                PlacementDecision decision = place(placed.spec());
                LOG.info("node {} is lost: workload {} placed anew, {}", nodeId, placed.spec().id(),
                        decision.fullyPlaced() ? "every replica placed" : "some replicas wait for room");
                replaced.add(placed.spec().id());
            }
        }
        return replaced;
    }

    /**
     * New carbon intensities: each slot of the live horizon takes the signal interval that covers its start,
     * the last one known past the forecast. Zones without a signal keep the fleet file's values.
     */
    public synchronized void updateCarbon(List<ZoneCarbon> zones) {
        Map<String, double[]> intensities = new HashMap<>();
        Instant now = clock.instant();
        for (ZoneCarbon zone : zones) {
            if (fleet.plan().getZones().stream().anyMatch(known -> known.id().equals(zone.zone()))) {
                intensities.put(zone.zone(), perSlot(zone, now));
            }
        }
        if (!intensities.isEmpty()) {
            advisor.updateIntensities(intensities);
        }
    }

    private double[] perSlot(ZoneCarbon zone, Instant now) {
        double[] values = new double[horizon.slots()];
        // The live horizon started at the controller's start; slots before now keep the current value.
        Duration elapsed = Duration.between(horizon.start(), now);
        long currentSlot = Math.max(0, elapsed.toMillis() / horizon.slotLength().toMillis());
        for (int slot = 0; slot < values.length; slot++) {
            int ahead = (int) Math.max(0, slot - currentSlot);
            values[slot] = ahead == 0 || zone.forecast().isEmpty() ? zone.gramsPerKwh()
                    : zone.forecast().get(Math.min(ahead - 1, zone.forecast().size() - 1)).gramsPerKwh();
        }
        return values;
    }

    private PlacementDecision decision(WorkloadSpec spec, Workload workload, Recommendation recommendation, Instant now,
                                       long micros) {
        List<ReplicaDecision> replicas = new ArrayList<>();
        double total = 0;
        for (io.heliostat.solver.advice.ReplicaDecision advice : recommendation.replicas()) {
            total += advice.gramsPerHour();
            replicas.add(advice.placement().map(placement -> new ReplicaDecision(advice.replica(), placement.node(),
                            placement.cluster(), placement.zone(), advice.gramsPerHour(), latency(workload, placement),
                            workload.deferrable() || spec.isJob() ? horizon.slotStart(placement.startSlot()) : null, null,
                            alternatives(workload, advice)))
                    .orElseGet(() -> new ReplicaDecision(advice.replica(), null, null, null, 0, null, null,
                            "no node can take it under every hard rule"
                                    + advice.alternatives().stream().filter(alternative -> !alternative.feasible()).findFirst()
                                    .map(alternative -> "; the cheapest ruled out: " + alternative.placement().node() + ": "
                                            + alternative.reason()).orElse(""),
                            alternatives(workload, advice))));
        }
        return new PlacementDecision(spec.id(), spec.tenant(), "default", now, micros, total, replicas);
    }

    private List<AlternativeNode> alternatives(Workload workload, io.heliostat.solver.advice.ReplicaDecision advice) {
        return advice.alternatives().stream().map((Alternative alternative) -> new AlternativeNode(
                alternative.placement().node(), alternative.placement().cluster(), alternative.feasible(),
                advice.gramsPerHour() + alternative.extraGramsPerHour(), alternative.extraGramsPerHour(),
                latency(workload, alternative.placement()), alternative.reason())).toList();
    }

    private Integer latency(Workload workload, Placement placement) {
        return workload.userLocation().map(location -> location.rttMs(clustersById.get(placement.cluster()))).orElse(null);
    }

    @Override
    public synchronized void close() {
        advisor.close();
    }
}
