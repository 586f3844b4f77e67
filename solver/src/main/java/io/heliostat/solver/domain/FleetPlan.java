package io.heliostat.solver.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.constraints.ConstraintWeights;

/**
 * The whole placement problem and, once solved, its plan: the fleet (zones, clusters, nodes), the
 * workloads and their replicas, the horizon, and the policy whose weights price the soft costs (those of a
 * workload with a policy of its own excepted, see {@link Workload#policy()}).
 */
@PlanningSolution
public class FleetPlan {

    @ProblemFactProperty
    private Horizon horizon;
    @ProblemFactProperty
    private PlacementPolicy policy;
    @ProblemFactCollectionProperty
    private List<Zone> zones;
    @ProblemFactCollectionProperty
    private List<Cluster> clusters;
    // The solver searches all nodes: per-replica ranges of allowed nodes made Timefold check membership
    // in lists of thousands on every swap, slowing a 50,000-replica search eightfold.
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<Node> nodes;
    @ProblemFactCollectionProperty
    private List<Workload> workloads;
    @ProblemFactCollectionProperty
    private List<ColocationRequirement> colocations;
    @PlanningEntityCollectionProperty
    private List<Replica> replicas;

    private ConstraintWeightOverrides<HardMediumSoftScore> constraintWeightOverrides;
    private NodeEligibility eligibility;

    @PlanningScore
    private HardMediumSoftScore score;

    public FleetPlan() {
        // for Timefold's cloner
    }

    /**
     * @param replicas the workloads' replicas, with any current placement set on them; one is created
     *                 for each replica a workload asks for and the list does not have
     */
    public FleetPlan(Horizon horizon, PlacementPolicy policy, List<Zone> zones, List<Cluster> clusters,
                     List<Node> nodes, List<Workload> workloads, List<Replica> replicas) {
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.zones = List.copyOf(zones);
        this.clusters = List.copyOf(clusters);
        this.nodes = List.copyOf(nodes);
        this.workloads = List.copyOf(workloads);
        for (Zone zone : zones) {
            if (zone.slots() < horizon.slots()) {
                throw new IllegalArgumentException("zone " + zone.id() + " has " + zone.slots()
                        + " intensity values but the horizon has " + horizon.slots() + " slots");
            }
            if (Math.abs(zone.slotHours() - horizon.slotHours()) > 1e-9) {
                throw new IllegalArgumentException("zone " + zone.id() + " has slots of " + zone.slotHours()
                        + " h but the horizon's are " + horizon.slotHours() + " h");
            }
        }
        workloads.forEach(horizon::requireCovers);
        this.colocations = colocationsOf(this.workloads);
        this.replicas = completeReplicas(this.workloads, replicas);
        this.eligibility = new NodeEligibility(this.nodes);
        // Each replica moves or stays as its own workload's policy says: a pinned workload stays put in a plan
        // whose other workloads may move, and the other way round.
        for (Replica replica : this.replicas) {
            if (replica.getCurrentNode() != null && replica.getWorkload().policyOr(policy).migrationMode() == MigrationMode.PIN) {
                replica.setNode(replica.getCurrentNode());
                if (replica.getStartSlot() == null) {
                    // A pinned entity may not leave a variable unassigned; start() is where it runs.
                    replica.setStartSlot(replica.start());
                }
                replica.setPinned(true);
            }
        }
        this.constraintWeightOverrides = ConstraintWeights.overrides(policy, horizon, this.workloads);
    }

    private static List<ColocationRequirement> colocationsOf(List<Workload> workloads) {
        Map<String, Workload> byId = workloads.stream().collect(Collectors.toMap(Workload::id, Function.identity()));
        List<ColocationRequirement> requirements = new ArrayList<>();
        for (Workload workload : workloads) {
            requirements.addAll(colocationsOf(workload, byId::get));
        }
        return List.copyOf(requirements);
    }

    /**
     * The co-location requirements of {@code workload}, its dependencies looked up by id ({@code byId} answers
     * null for an unknown one); rejects unknown dependencies and the workload itself, naming the field.
     */
    public static List<ColocationRequirement> colocationsOf(Workload workload, Function<String, Workload> byId) {
        List<ColocationRequirement> requirements = new ArrayList<>();
        for (String dependencyId : workload.colocateWith()) {
            if (dependencyId.equals(workload.id())) {
                throw new IllegalArgumentException("workload " + workload.id() + ": colocateWith names itself");
            }
            Workload dependency = byId.apply(dependencyId);
            if (dependency == null) {
                throw new IllegalArgumentException("workload " + workload.id() + ": colocateWith names unknown workload '" + dependencyId + "'");
            }
            requirements.add(new ColocationRequirement(workload, dependency));
        }
        return requirements;
    }

    private static List<Replica> completeReplicas(List<Workload> workloads, List<Replica> given) {
        Map<String, Replica> byId = given.stream().collect(Collectors.toMap(Replica::getId, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("replica " + a.getId() + " is listed twice");
        }));
        List<Replica> complete = new ArrayList<>();
        for (Workload workload : workloads) {
            for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
                Replica replica = byId.remove(workload.id() + "#" + ordinal);
                complete.add(replica != null ? replica : new Replica(workload, ordinal));
            }
        }
        if (!byId.isEmpty()) {
            throw new IllegalArgumentException("replicas of no workload (or beyond its replica count): " + byId.keySet());
        }
        return complete;
    }

    public Horizon getHorizon() {
        return horizon;
    }

    public PlacementPolicy getPolicy() {
        return policy;
    }

    public List<Zone> getZones() {
        return zones;
    }

    public List<Cluster> getClusters() {
        return clusters;
    }

    public List<Node> getNodes() {
        return nodes;
    }

    public List<Workload> getWorkloads() {
        return workloads;
    }

    public List<ColocationRequirement> getColocations() {
        return colocations;
    }


    public List<Replica> getReplicas() {
        return replicas;
    }

    public ConstraintWeightOverrides<HardMediumSoftScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(ConstraintWeightOverrides<HardMediumSoftScore> constraintWeightOverrides) {
        this.constraintWeightOverrides = constraintWeightOverrides;
    }

    /** Which nodes each workload's static rules allow. */
    public NodeEligibility getEligibility() {
        return eligibility;
    }

    public void setEligibility(NodeEligibility eligibility) {
        this.eligibility = eligibility;
    }

    public HardMediumSoftScore getScore() {
        return score;
    }

    public void setScore(HardMediumSoftScore score) {
        this.score = score;
    }
}
