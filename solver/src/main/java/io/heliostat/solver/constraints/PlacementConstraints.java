package io.heliostat.solver.constraints;

import static ai.timefold.solver.core.api.score.stream.Joiners.equal;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import ai.timefold.solver.core.api.score.stream.uni.UniConstraintStream;

import io.heliostat.solver.constraints.justifications.CapacityExceeded;
import io.heliostat.solver.constraints.justifications.ColocationMissing;
import io.heliostat.solver.constraints.justifications.DeadlineMissed;
import io.heliostat.solver.constraints.justifications.DiscouragedTaints;
import io.heliostat.solver.constraints.justifications.Explanation;
import io.heliostat.solver.constraints.justifications.HeadroomExceeded;
import io.heliostat.solver.constraints.justifications.LatencySloExceeded;
import io.heliostat.solver.constraints.justifications.NodeSwitchedOn;
import io.heliostat.solver.constraints.justifications.ReplicaCarbon;
import io.heliostat.solver.constraints.justifications.ReplicaEnergy;
import io.heliostat.solver.constraints.justifications.ReplicaLatency;
import io.heliostat.solver.constraints.justifications.ReplicaMoved;
import io.heliostat.solver.constraints.justifications.ReplicaUnplaced;
import io.heliostat.solver.constraints.justifications.ReplicasShareNode;
import io.heliostat.solver.constraints.justifications.ResidencyViolated;
import io.heliostat.solver.constraints.justifications.SandboxUnavailable;
import io.heliostat.solver.constraints.justifications.SelectorMismatch;
import io.heliostat.solver.constraints.justifications.SpreadTooNarrow;
import io.heliostat.solver.constraints.justifications.UntoleratedTaints;
import io.heliostat.solver.constraints.NodeUsage.Dimension;
import io.heliostat.solver.domain.ColocationRequirement;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PlacementPolicy;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.Workload;

/**
 * Every rule of a placement. Hard constraints are the rules no plan may break; the one medium
 * constraint counts replicas left unplaced; soft constraints are costs priced in CO2e-equivalent as
 * {@link ConstraintWeights} says: by the replica's workload's policy for what a replica owns, by the
 * plan's for what a node owns. Penalties grow with the size of a violation.
 */
public class PlacementConstraints implements ConstraintProvider {

    public static final String CPU_CAPACITY = "CPU capacity";
    public static final String MEMORY_CAPACITY = "Memory capacity";
    public static final String GPU_CAPACITY = "GPU capacity";
    public static final String DPU_CAPACITY = "DPU capacity";
    public static final String EPHEMERAL_STORAGE_CAPACITY = "Ephemeral storage capacity";
    public static final String POWER_BUDGET = "Node power budget";
    public static final String NODE_SELECTOR = "Node selector";
    public static final String TAINTS = "Untolerated taint";
    public static final String SANDBOX = "Sandbox runtime and isolation";
    public static final String RESIDENCY = "Data residency";
    public static final String LATENCY_SLO = "Latency SLO";
    public static final String SPREAD = "Spread across failure domains";
    public static final String ANTI_AFFINITY = "Replica anti-affinity";
    public static final String COLOCATION = "Co-location dependency";
    public static final String DEADLINE = "Job deadline";
    public static final String UNPLACED = "Unplaced replica";
    public static final String OPERATIONAL_CARBON = "Operational carbon";
    public static final String IDLE_CARBON = "Idle carbon";
    public static final String ENERGY = "Energy";
    public static final String IDLE_ENERGY = "Idle energy";
    public static final String LATENCY = "Latency";
    public static final String MIGRATION = "Migration";
    public static final String HEADROOM = "Headroom target";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule taint";

    /** The soft constraints, whose prices come from the policies (see {@link ConstraintWeights}). */
    public static final List<String> SOFT = List.of(OPERATIONAL_CARBON, IDLE_CARBON, ENERGY, IDLE_ENERGY, LATENCY,
            MIGRATION, HEADROOM, PREFER_NO_SCHEDULE);

    // One instance so that Timefold builds the per-node usage grouping once for all its readers.
    private static final Function<Replica, Node> NODE = Replica::getNode;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                // Hard
                cpuCapacity(factory),
                memoryCapacity(factory),
                gpuCapacity(factory),
                dpuCapacity(factory),
                ephemeralStorageCapacity(factory),
                powerBudget(factory),
                nodeSelector(factory),
                untoleratedTaint(factory),
                sandboxRuntime(factory),
                dataResidency(factory),
                latencySlo(factory),
                spreadAcrossDomains(factory),
                replicaAntiAffinity(factory),
                colocation(factory),
                jobDeadline(factory),
                // Medium
                unplacedReplica(factory),
                // Soft
                operationalCarbon(factory),
                idleCarbon(factory),
                energy(factory),
                idleEnergy(factory),
                latency(factory),
                migration(factory),
                headroomTarget(factory),
                preferNoScheduleTaint(factory)
        };
    }

    // ************************************************************************
    // Hard constraints
    // ************************************************************************

    /** What each node's replicas request in each slot they run. */
    private static BiConstraintStream<Node, NodeUsage> nodeUsage(ConstraintFactory factory) {
        return factory.forEach(Replica.class).groupBy(NODE, NodeUsage.sum());
    }

    /** Penalty: the millicores requested above capacity, summed over the slots. */
    Constraint cpuCapacity(ConstraintFactory factory) {
        return capacity(factory, Dimension.CPU);
    }

    /** Penalty: the MiB requested above capacity, summed over the slots. */
    Constraint memoryCapacity(ConstraintFactory factory) {
        return capacity(factory, Dimension.MEMORY);
    }

    /** Penalty: the GPUs requested above capacity, summed over the slots. */
    Constraint gpuCapacity(ConstraintFactory factory) {
        return capacity(factory, Dimension.GPU);
    }

    /** Penalty: the DPUs requested above capacity, summed over the slots. */
    Constraint dpuCapacity(ConstraintFactory factory) {
        return capacity(factory, Dimension.DPU);
    }

    /** Penalty: the MiB of scratch storage requested above capacity, summed over the slots. */
    Constraint ephemeralStorageCapacity(ConstraintFactory factory) {
        return capacity(factory, Dimension.EPHEMERAL_STORAGE);
    }

    private static Constraint capacity(ConstraintFactory factory, Dimension dimension) {
        return nodeUsage(factory)
                .filter((node, usage) -> usage.peak(dimension) > capacityOf(node, dimension))
                .penalize(HardMediumSoftScore.ONE_HARD, (node, usage) -> usage.above(dimension, capacityOf(node, dimension)))
                .justifyWith((node, usage, score) -> capacityExceeded(node, dimension,
                        usage.slotsAbove(dimension, capacityOf(node, dimension)), usage.peak(dimension)))
                .asConstraint(dimension.constraint());
    }

    /** A gateway's draw (idle plus what its replicas add) must stay within its power budget: W over, per slot. */
    Constraint powerBudget(ConstraintFactory factory) {
        Dimension power = Dimension.INCREMENTAL_MILLIWATTS;
        return nodeUsage(factory)
                .filter((node, usage) -> node.hasPowerBudget() && usage.wattsAbove(idleMilliwatts(node), budgetMilliwatts(node)) > 0)
                .penalize(HardMediumSoftScore.ONE_HARD, (node, usage) -> usage.wattsAbove(idleMilliwatts(node), budgetMilliwatts(node)))
                .justifyWith((node, usage, score) -> capacityExceeded(node, power,
                        usage.slotsAbove(power, capacityOf(node, power)), usage.peak(power)))
                .asConstraint(power.constraint());
    }

    /**
     * What a node can carry of a dimension in any slot: its capacity, or for power the room its budget leaves
     * above its idle draw (unbounded without a budget).
     */
    public static long capacityOf(Node node, Dimension dimension) {
        return switch (dimension) {
            case CPU -> node.capacity().cpuMillis();
            case MEMORY -> node.capacity().memoryMiB();
            case GPU -> node.capacity().gpus();
            case DPU -> node.capacity().dpus();
            case EPHEMERAL_STORAGE -> node.capacity().ephemeralStorageMiB();
            case INCREMENTAL_MILLIWATTS -> node.hasPowerBudget() ? budgetMilliwatts(node) - idleMilliwatts(node) : Long.MAX_VALUE;
        };
    }

    /**
     * How the capacity and power-budget constraints justify a node that carries {@code peakLoad} of a dimension
     * (in {@link NodeUsage}'s units) at most, over its capacity in {@code slotsOver}. Power reads in whole watts
     * of total draw against the budget.
     */
    public static CapacityExceeded capacityExceeded(Node node, Dimension dimension, List<Integer> slotsOver, long peakLoad) {
        if (dimension == Dimension.INCREMENTAL_MILLIWATTS) {
            return new CapacityExceeded(node.id(), dimension.resource(), slotsOver, (idleMilliwatts(node) + peakLoad) / 1000,
                    budgetMilliwatts(node) / 1000, dimension.unit());
        }
        return new CapacityExceeded(node.id(), dimension.resource(), slotsOver, peakLoad, capacityOf(node, dimension), dimension.unit());
    }

    private static long idleMilliwatts(Node node) {
        return Math.round(node.power().idleWatts() * 1000.0);
    }

    private static long budgetMilliwatts(Node node) {
        return Math.round(node.powerBudgetWatts() * 1000.0);
    }

    /** Penalty: one per selector label the node lacks. */
    Constraint nodeSelector(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> replica.getNode().unmatchedSelectorLabels(replica.getWorkload().nodeSelector()) > 0)
                .penalize(HardMediumSoftScore.ONE_HARD,
                        replica -> replica.getNode().unmatchedSelectorLabels(replica.getWorkload().nodeSelector()))
                .justifyWith((replica, score) -> selectorMismatch(replica))
                .asConstraint(NODE_SELECTOR);
    }

    /** How {@link #NODE_SELECTOR} justifies the replica's node. */
    public static SelectorMismatch selectorMismatch(Replica replica) {
        return new SelectorMismatch(replica.getId(), replica.getNode().id(), replica.getWorkload().nodeSelector());
    }

    /** Penalty: one per NoSchedule/NoExecute taint not tolerated. */
    Constraint untoleratedTaint(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> replica.getNode().untoleratedTaints(replica.getWorkload().tolerations(), true) > 0)
                .penalize(HardMediumSoftScore.ONE_HARD,
                        replica -> replica.getNode().untoleratedTaints(replica.getWorkload().tolerations(), true))
                .justifyWith((replica, score) -> forbiddingTaints(replica))
                .asConstraint(TAINTS);
    }

    /** How {@link #TAINTS} justifies the replica's node: its NoSchedule/NoExecute taints the replica does not tolerate. */
    public static UntoleratedTaints forbiddingTaints(Replica replica) {
        return new UntoleratedTaints(replica.getId(), replica.getNode().id(), untolerated(replica, true));
    }

    private static List<String> untolerated(Replica replica, boolean forbidding) {
        List<Toleration> tolerations = replica.getWorkload().tolerations();
        return replica.getNode().taints().stream()
                .filter(taint -> taint.effect().forbidsScheduling() == forbidding && !Toleration.anyTolerates(tolerations, taint))
                .map(Taint::toString)
                .toList();
    }

    Constraint sandboxRuntime(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> !replica.getNode().offersSandbox(replica.getWorkload().sandbox()))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((replica, score) -> sandboxUnavailable(replica))
                .asConstraint(SANDBOX);
    }

    /** How {@link #SANDBOX} justifies the replica's node. */
    public static SandboxUnavailable sandboxUnavailable(Replica replica) {
        return new SandboxUnavailable(replica.getId(), replica.getNode().id(), describe(replica.getWorkload()),
                replica.getNode().runtimes().stream().map(SandboxRuntime::id).sorted().toList());
    }

    private static String describe(Workload workload) {
        var sandbox = workload.sandbox();
        if (sandbox.runtime().isPresent()) {
            return sandbox.runtime().get().id();
        }
        return sandbox.wasmModule() ? "a WASM runtime" : "isolation " + sandbox.minIsolation().name().toLowerCase(java.util.Locale.ROOT) + " or stronger";
    }

    Constraint dataResidency(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> !replica.getNode().cluster().satisfiesResidency(replica.getWorkload().residency()))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((replica, score) -> residencyViolated(replica))
                .asConstraint(RESIDENCY);
    }

    /** How {@link #RESIDENCY} justifies the replica's cluster. */
    public static ResidencyViolated residencyViolated(Replica replica) {
        return new ResidencyViolated(replica.getId(), replica.getNode().cluster().id(), replica.getNode().cluster().residency(),
                replica.getWorkload().residency());
    }

    /** Penalty: the milliseconds above the SLO. */
    Constraint latencySlo(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> replica.getWorkload().hasLatencySlo() && replica.rttMs() > replica.getWorkload().latencySloMs())
                .penalize(HardMediumSoftScore.ONE_HARD, replica -> replica.rttMs() - replica.getWorkload().latencySloMs())
                .justifyWith((replica, score) -> latencySloExceeded(replica))
                .asConstraint(LATENCY_SLO);
    }

    /** How {@link #LATENCY_SLO} justifies the replica's cluster. */
    public static LatencySloExceeded latencySloExceeded(Replica replica) {
        return new LatencySloExceeded(replica.getId(), replica.getNode().cluster().id(), replica.rttMs(),
                replica.getWorkload().latencySloMs());
    }

    /**
     * Penalty: the domains missing. The replicas placed so far need min(minDomains, placed) domains:
     * counting replicas that are not placed would make dropping a whole workload (a medium cost) look
     * better than placing part of it, and a workload with fewer replicas than minDomains can only ask
     * one domain per replica, as in Kubernetes.
     */
    Constraint spreadAcrossDomains(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> replica.getWorkload().spread().isPresent())
                .groupBy(Replica::getWorkload,
                        ConstraintCollectors.countDistinct(replica -> replica.getNode().domain(replica.getWorkload().spread().get().topologyKey())),
                        ConstraintCollectors.count())
                .filter((workload, domains, placed) -> domains < requiredDomains(workload, placed))
                .penalize(HardMediumSoftScore.ONE_HARD, (workload, domains, placed) -> requiredDomains(workload, placed) - domains)
                .justifyWith((workload, domains, placed, score) -> new SpreadTooNarrow(workload.id(),
                        workload.spread().get().topologyKey().id(), domains, requiredDomains(workload, placed)))
                .asConstraint(SPREAD);
    }

    /** The failure domains {@code placed} replicas of a spread workload must cover. */
    public static long requiredDomains(Workload workload, long placed) {
        return Math.min(workload.spread().get().minDomains(), placed);
    }

    /** Penalty: one per pair of replicas of an anti-affine workload on the same node. */
    Constraint replicaAntiAffinity(ConstraintFactory factory) {
        return factory.forEachUniquePair(Replica.class, equal(Replica::getWorkload), equal(Replica::getNode))
                .filter((replica, other) -> replica.getWorkload().antiAffinity())
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((replica, other, score) -> new ReplicasShareNode(replica.getId(), other.getId(), replica.getNode().id()))
                .asConstraint(ANTI_AFFINITY);
    }

    /** Penalty: one per replica whose latency domain hosts no replica of a workload it depends on. */
    Constraint colocation(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .join(ColocationRequirement.class, equal(Replica::getWorkload, ColocationRequirement::dependent))
                .ifNotExists(Replica.class,
                        equal((replica, requirement) -> requirement.dependency(), Replica::getWorkload),
                        equal((replica, requirement) -> replica.latencyDomain(), Replica::latencyDomain))
                .penalize(HardMediumSoftScore.ONE_HARD)
                .justifyWith((replica, requirement, score) -> new ColocationMissing(replica.getId(),
                        requirement.dependency().id(), replica.latencyDomain()))
                .asConstraint(COLOCATION);
    }

    /** Penalty: the slots a job runs past its deadline. */
    Constraint jobDeadline(ConstraintFactory factory) {
        return factory.forEach(Replica.class)
                .filter(replica -> replica.getEndSlot() > replica.getWorkload().deadlineSlot())
                .penalize(HardMediumSoftScore.ONE_HARD, replica -> replica.getEndSlot() - replica.getWorkload().deadlineSlot())
                .justifyWith((replica, score) -> new DeadlineMissed(replica.getId(), replica.getEndSlot(),
                        replica.getWorkload().deadlineSlot()))
                .asConstraint(DEADLINE);
    }

    // ************************************************************************
    // Medium constraint
    // ************************************************************************

    Constraint unplacedReplica(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(Replica.class)
                .filter(replica -> replica.getNode() == null)
                .penalize(HardMediumSoftScore.ONE_MEDIUM)
                .justifyWith((replica, score) -> new ReplicaUnplaced(replica.getId()))
                .asConstraint(UNPLACED);
    }

    // ************************************************************************
    // Soft constraints: per-replica ones in µg at the replica's workload's prices, node-level ones in the
    // units ConstraintWeights documents
    // ************************************************************************

    /**
     * A cost the replica owns, priced by its workload's policy: {@code units} at {@code price} µg each, in the match
     * weight (see {@link ConstraintWeights}). A replica whose policy does not charge for it has no match.
     *
     * @param replicas the replicas the cost concerns, filtered before the plan's policy is joined: most are neither
     *                 moved nor discouraged, and each joined replica adds to every move that touches it. Carbon and
     *                 energy, unfiltered, share one join.
     */
    private static Constraint replicaCost(UniConstraintStream<Replica> replicas, String constraint,
                                          ToLongFunction<PlacementPolicy> price, ToLongFunction<Replica> units,
                                          Function<Replica, Explanation> justification) {
        return replicas.join(PlacementPolicy.class)
                .filter((replica, planPolicy) -> price.applyAsLong(replica.getWorkload().policyOr(planPolicy)) > 0)
                .penalize(HardMediumSoftScore.ONE_SOFT,
                        (replica, planPolicy) -> price.applyAsLong(replica.getWorkload().policyOr(planPolicy)) * units.applyAsLong(replica))
                .justifyWith((replica, planPolicy, score) -> justification.apply(replica))
                .asConstraint(constraint);
    }

    /** µg for the milligrams of CO2e from the replica's incremental draw over its run in its node's zone. */
    Constraint operationalCarbon(ConstraintFactory factory) {
        return replicaCost(factory.forEach(Replica.class), OPERATIONAL_CARBON, ConstraintWeights::carbonPerMilligram,
                Replica::carbonMilligrams, replica -> new ReplicaCarbon(replica.getId(), replica.getNode().id(),
                        replica.getNode().zone().id(), replica.incrementalWatts(), replica.carbonMilligrams() / 1000.0));
    }

    /** Milligrams of CO2e from the idle draw of every node that hosts anything, over the horizon. */
    Constraint idleCarbon(ConstraintFactory factory) {
        return factory.forEach(Node.class)
                .ifExists(Replica.class, equal(Function.identity(), Replica::getNode))
                .join(Horizon.class)
                .penalize(HardMediumSoftScore.ONE_SOFT, PlacementConstraints::idleCarbonMilligrams)
                .justifyWith((node, horizon, score) -> new NodeSwitchedOn(node.id(), node.zone().id(), node.power().idleWatts(),
                        idleCarbonMilligrams(node, horizon) / 1000.0, "g CO2e"))
                .asConstraint(IDLE_CARBON);
    }

    /** Over the horizon's slots only: a zone may carry forecast values beyond them. */
    public static long idleCarbonMilligrams(Node node, Horizon horizon) {
        return Math.round(node.zone().milligrams(node.power().idleWatts(), 0, horizon.slots()));
    }

    /** µg for the milliwatt-hours of the replica's incremental draw over its run. */
    Constraint energy(ConstraintFactory factory) {
        return replicaCost(factory.forEach(Replica.class), ENERGY, ConstraintWeights::energyPerMilliwattHour,
                Replica::energyMilliwattHours,
                replica -> new ReplicaEnergy(replica.getId(), replica.getNode().id(), replica.energyMilliwattHours() / 1000.0));
    }

    /** Milliwatt-hours of idle draw of every node that hosts anything, over the horizon. */
    Constraint idleEnergy(ConstraintFactory factory) {
        return factory.forEach(Node.class)
                .ifExists(Replica.class, equal(Function.identity(), Replica::getNode))
                .join(Horizon.class)
                .penalize(HardMediumSoftScore.ONE_SOFT, PlacementConstraints::idleEnergyMilliwattHours)
                .justifyWith((node, horizon, score) -> new NodeSwitchedOn(node.id(), node.zone().id(), node.power().idleWatts(),
                        idleEnergyMilliwattHours(node, horizon) / 1000.0, "Wh"))
                .asConstraint(IDLE_ENERGY);
    }

    /** Over the horizon's slots only: a zone may carry forecast values beyond them. */
    public static long idleEnergyMilliwattHours(Node node, Horizon horizon) {
        return Math.round(node.power().idleWatts() * horizon.slots() * horizon.slotHours() * 1000.0);
    }

    /** µg for the milliseconds of RTT from the workload's users to the replica's cluster. */
    Constraint latency(ConstraintFactory factory) {
        return replicaCost(factory.forEach(Replica.class).filter(replica -> replica.getWorkload().userLocation().isPresent()),
                LATENCY, ConstraintWeights::latencyPerMs, Replica::rttMs,
                replica -> new ReplicaLatency(replica.getId(), replica.getNode().cluster().id(), replica.rttMs()));
    }

    /** µg for a replica moved off the node it runs on now (an unplaced replica is not a move). */
    Constraint migration(ConstraintFactory factory) {
        return replicaCost(factory.forEach(Replica.class).filter(Replica::isMoved), MIGRATION, ConstraintWeights::migrationPerMove,
                replica -> 1, replica -> new ReplicaMoved(replica.getId(), replica.getCurrentNode().id(), replica.getNode().id()));
    }

    /** Millicores requested above the node's headroom target, summed over the slots. */
    Constraint headroomTarget(ConstraintFactory factory) {
        return nodeUsage(factory)
                .join(PlacementPolicy.class)
                .filter((node, usage, policy) -> usage.peak(Dimension.CPU) > headroomMillis(node, policy))
                .penalize(HardMediumSoftScore.ONE_SOFT, (node, usage, policy) -> usage.above(Dimension.CPU, headroomMillis(node, policy)))
                .justifyWith((node, usage, policy, score) -> new HeadroomExceeded(node.id(),
                        usage.slotsAbove(Dimension.CPU, headroomMillis(node, policy)), usage.peak(Dimension.CPU), headroomMillis(node, policy)))
                .asConstraint(HEADROOM);
    }

    /** The CPU requests a node may carry before the headroom constraint charges for them. */
    public static long headroomMillis(Node node, PlacementPolicy policy) {
        // In integers with the target to a millionth: in doubles 3000 m x 0.57 is 1709.99..., which floors to 1709.
        long targetPpm = Math.round(policy.headroomTarget() * 1_000_000);
        return node.capacity().cpuMillis() * targetPpm / 1_000_000;
    }

    /** µg for a replica on a node whose PreferNoSchedule taints it does not tolerate. */
    Constraint preferNoScheduleTaint(ConstraintFactory factory) {
        return replicaCost(factory.forEach(Replica.class)
                        .filter(replica -> replica.getNode().untoleratedTaints(replica.getWorkload().tolerations(), false) > 0),
                PREFER_NO_SCHEDULE, ConstraintWeights::preferNoSchedulePerReplica, replica -> 1,
                replica -> new DiscouragedTaints(replica.getId(), replica.getNode().id(), untolerated(replica, false)));
    }

}
