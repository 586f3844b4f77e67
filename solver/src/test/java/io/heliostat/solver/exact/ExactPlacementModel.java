package io.heliostat.solver.exact;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.ColocationRequirement;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.Workload;

/**
 * A CP-SAT model of a {@link FleetPlan} under every hard rule of {@link PlacementConstraints}, with every
 * replica placed, minimising carbon: the operational carbon of each replica ({@link Replica#carbonMilligrams()})
 * plus the idle carbon of every node that hosts anything ({@link PlacementConstraints#idleCarbonMilligrams}),
 * in integer milligrams as the constraints count them. With a carbon-only policy this is the soft score the
 * Planner minimises, divided by 1000; solving it to optimality (or to a proven bound) tells how far the
 * Planner's plans are from the best possible. Test scope: OR-Tools is a test dependency.
 *
 * <p>Variables. {@code count[w, n, s]}: how many replicas of workload {@code w} run on node {@code n} from
 * slot {@code s}, created only for the (node, start) pairs the static rules allow (selector, forbidding
 * taints, sandbox, residency, latency SLO, evaluated with the domain's own predicates) and that fit an empty
 * node; {@code on[n]}: node {@code n} hosts something and pays its idle carbon.
 *
 * <p>Symmetry. Replicas of one workload are interchangeable: every rule and cost depends only on where and
 * when they run, not on which ordinal runs there. A 0/1 variable per replica would let the solver permute
 * ordinals into n! equal solutions, so the model counts replicas per (node, start) instead; a solution is
 * turned back into replicas by handing them out in ordinal order ({@link Solution#applyTo}). Nodes that are
 * alike in everything the rules and costs read (cluster, capacity, power, budget, labels, taints, runtimes)
 * are interchangeable too: among such twins the model switches on the lower-indexed ones first.
 *
 * <p>Every rule is stated as in {@link PlacementConstraints}, for a plan that places every replica:
 * <ul>
 * <li>capacity (cpu, memory, gpu, dpu, ephemeral storage) per node per slot, and the power budget
 *     (idle + the replicas' incremental draw, in mW rounded per replica as {@code NodeLoad} does) per slot;</li>
 * <li>deadlines: only starts in {@code [releaseSlot, deadlineSlot - durationSlots]} exist;</li>
 * <li>spread: the replicas cover at least {@code min(minDomains, replicas)} domains of the topology key;</li>
 * <li>anti-affinity: at most one replica of the workload per node, whatever the slots;</li>
 * <li>co-location: a latency domain hosts replicas of a dependent only if it hosts one of its dependency.</li>
 * </ul>
 */
public final class ExactPlacementModel {

    static {
        Loader.loadNativeLibraries();
    }

    /** One (workload, node, start) the rules allow, with its variable and the figures the model reads. */
    private record Choice(Workload workload, Node node, int start, IntVar count, long carbonMilligrams,
                          long incrementalMilliwatts) {
        int end() {
            return start + workload.durationSlots();
        }
    }

    private final FleetPlan plan;
    private final CpModel model = new CpModel();
    private final List<Choice> choices = new ArrayList<>();
    private final Map<Workload, List<Choice>> choicesByWorkload = new IdentityHashMap<>();
    private final Map<Node, List<Choice>> choicesByNode = new IdentityHashMap<>();
    private final Map<Node, BoolVar> on = new IdentityHashMap<>();
    private final Map<Workload, Integer> replicasByWorkload = new IdentityHashMap<>();

    /**
     * @param breakSymmetry order twin nodes: right when optimising, wrong when pricing a given plan, which may
     *                      use a later twin and not an earlier one
     */
    private ExactPlacementModel(FleetPlan plan, boolean breakSymmetry) {
        this.plan = plan;
        for (Replica replica : plan.getReplicas()) {
            if (replica.isPinned()) {
                throw new IllegalArgumentException("replica " + replica.getId() + " is pinned: the exact model places every replica itself");
            }
            replicasByWorkload.merge(replica.getWorkload(), 1, Integer::sum);
        }
        for (Workload workload : plan.getWorkloads()) {
            createChoices(workload);
        }
        for (Node node : plan.getNodes()) {
            if (choicesByNode.containsKey(node)) {
                on.put(node, model.newBoolVar("on[" + node.id() + "]"));
            }
        }
        everyReplicaPlaced();
        nodeSwitchedOnWhenHosting();
        capacityAndPowerPerSlot();
        spreadAcrossDomains();
        antiAffinity();
        colocation();
        if (breakSymmetry) {
            twinNodesSwitchOnInOrder();
        }
        minimiseCarbon();
    }

    /** Builds the model of {@code plan}'s workloads and fleet; the plan's replicas only give the counts. */
    public static ExactPlacementModel of(FleetPlan plan) {
        return new ExactPlacementModel(plan, true);
    }

    public int variables() {
        return choices.size() + on.size();
    }

    // ------------------------------------------------------------------ variables

    private void createChoices(Workload workload) {
        int replicas = replicasByWorkload.getOrDefault(workload, 0);
        if (replicas == 0) {
            return;
        }
        List<Choice> own = new ArrayList<>();
        for (Node node : plan.getNodes()) {
            if (!allowedStatically(workload, node)) {
                continue;
            }
            long perNode = workload.antiAffinity() ? 1 : replicas;
            perNode = Math.min(perNode, fitOnEmptyNode(workload, node));
            if (perNode <= 0) {
                continue;
            }
            // The latest start that meets the deadline; Replica's value range ends there too.
            for (int start = workload.releaseSlot(); start + workload.durationSlots() <= workload.deadlineSlot(); start++) {
                // A probe replica, so that carbon and draw come from the domain's own arithmetic.
                Replica probe = new Replica(workload, 0, node, start);
                IntVar count = model.newIntVar(0, perNode, workload.id() + "@" + node.id() + "@" + start);
                Choice choice = new Choice(workload, node, start, count, probe.carbonMilligrams(),
                        Math.round(probe.incrementalWatts() * 1000.0));
                choices.add(choice);
                own.add(choice);
                choicesByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(choice);
            }
        }
        choicesByWorkload.put(workload, own);
    }

    /** The rules that depend on the workload and the node alone, as the hard constraints test them. */
    static boolean allowedStatically(Workload workload, Node node) {
        return node.unmatchedSelectorLabels(workload.nodeSelector()) == 0
                && node.untoleratedTaints(workload.tolerations(), true) == 0
                && node.offersSandbox(workload.sandbox())
                && node.cluster().satisfiesResidency(workload.residency())
                && (!workload.hasLatencySlo() || workload.rttMs(node.cluster()) <= workload.latencySloMs());
    }

    /** How many replicas of the workload an otherwise empty node could hold in one slot. */
    private static long fitOnEmptyNode(Workload workload, Node node) {
        Resources request = workload.request();
        Resources capacity = node.capacity();
        long fit = Long.MAX_VALUE;
        fit = Math.min(fit, fit(request.cpuMillis(), capacity.cpuMillis()));
        fit = Math.min(fit, fit(request.memoryMiB(), capacity.memoryMiB()));
        fit = Math.min(fit, fit(request.gpus(), capacity.gpus()));
        fit = Math.min(fit, fit(request.dpus(), capacity.dpus()));
        fit = Math.min(fit, fit(request.ephemeralStorageMiB(), capacity.ephemeralStorageMiB()));
        if (node.hasPowerBudget()) {
            long headroom = powerHeadroomMilliwatts(node);
            if (headroom < 0) {
                // A node whose idle draw is over its budget breaks the budget with anything on it, even a
                // replica that adds no draw: the constraint counts a slot as soon as it holds a replica.
                return 0;
            }
            fit = Math.min(fit, fit(Math.round(node.incrementalWatts(request) * 1000.0), headroom));
        }
        return fit;
    }

    private static long fit(long request, long capacity) {
        return request == 0 ? Long.MAX_VALUE : capacity / request;
    }

    /** Budget minus idle draw, each rounded to mW as the power-budget constraint rounds them. */
    private static long powerHeadroomMilliwatts(Node node) {
        return Math.round(node.powerBudgetWatts() * 1000.0) - Math.round(node.power().idleWatts() * 1000.0);
    }

    // ------------------------------------------------------------------ constraints

    private void everyReplicaPlaced() {
        for (var entry : replicasByWorkload.entrySet()) {
            List<Choice> own = choicesByWorkload.getOrDefault(entry.getKey(), List.of());
            // An empty list makes the model infeasible, which is what a workload no node may run means.
            model.addEquality(sum(own, c -> 1), entry.getValue());
        }
    }

    private void nodeSwitchedOnWhenHosting() {
        for (Choice choice : choices) {
            // count <= ub x on: tight for the LP relaxation, which prices idle power by it.
            model.addLessOrEqual(LinearExpr.newBuilder().add(choice.count()).addTerm(on.get(choice.node()), -choice.count().getDomain().max()), 0);
        }
    }

    /**
     * For each node, one row per resource for each set of choices that share a slot, leaving out sets that
     * are contained in another (they cannot bind first) and rows that cannot be exceeded. The right-hand side
     * is capacity x on[n], which is the same for integers and prices idle carbon better in the relaxation.
     */
    private void capacityAndPowerPerSlot() {
        List<ToLongFunction<Choice>> demands = List.of(
                c -> c.workload().request().cpuMillis(),
                c -> c.workload().request().memoryMiB(),
                c -> c.workload().request().gpus(),
                c -> c.workload().request().dpus(),
                c -> c.workload().request().ephemeralStorageMiB(),
                Choice::incrementalMilliwatts);
        for (var entry : choicesByNode.entrySet()) {
            Node node = entry.getKey();
            Resources capacity = node.capacity();
            long[] limits = {capacity.cpuMillis(), capacity.memoryMiB(), capacity.gpus(), capacity.dpus(),
                    capacity.ephemeralStorageMiB(), node.hasPowerBudget() ? powerHeadroomMilliwatts(node) : Long.MAX_VALUE};
            for (List<Choice> running : maximalSlotSets(node, entry.getValue())) {
                for (int d = 0; d < demands.size(); d++) {
                    ToLongFunction<Choice> demand = demands.get(d);
                    long most = running.stream().mapToLong(c -> demand.applyAsLong(c) * c.count().getDomain().max()).sum();
                    if (most <= limits[d]) {
                        continue;
                    }
                    model.addLessOrEqual(sum(running, demand).addTerm(on.get(node), -limits[d]), 0);
                }
            }
        }
    }

    /** The sets of choices running in a slot of the horizon, those contained in another set left out. */
    private List<List<Choice>> maximalSlotSets(Node node, List<Choice> hosted) {
        Set<Set<Integer>> distinct = new LinkedHashSet<>();
        for (int slot = 0; slot < plan.getHorizon().slots(); slot++) {
            Set<Integer> running = new LinkedHashSet<>();
            for (int i = 0; i < hosted.size(); i++) {
                Choice choice = hosted.get(i);
                if (choice.start() <= slot && slot < choice.end()) {
                    running.add(i);
                }
            }
            if (!running.isEmpty()) {
                distinct.add(running);
            }
        }
        List<Set<Integer>> sets = new ArrayList<>(distinct);
        List<List<Choice>> maximal = new ArrayList<>();
        for (Set<Integer> set : sets) {
            boolean contained = false;
            for (Set<Integer> other : sets) {
                if (other != set && other.size() > set.size() && other.containsAll(set)) {
                    contained = true;
                    break;
                }
            }
            if (!contained) {
                maximal.add(set.stream().map(hosted::get).toList());
            }
        }
        return maximal;
    }

    private void spreadAcrossDomains() {
        for (var entry : choicesByWorkload.entrySet()) {
            Workload workload = entry.getKey();
            if (workload.spread().isEmpty()) {
                continue;
            }
            int replicas = replicasByWorkload.get(workload);
            // Every replica is placed, so the constraint asks min(minDomains, replicas) domains.
            int required = Math.min(workload.spread().get().minDomains(), replicas);
            if (required <= 1) {
                continue;
            }
            Map<Object, List<Choice>> byDomain = new LinkedHashMap<>();
            for (Choice choice : entry.getValue()) {
                byDomain.computeIfAbsent(choice.node().domain(workload.spread().get().topologyKey()), d -> new ArrayList<>()).add(choice);
            }
            LinearExprBuilder domainsUsed = LinearExpr.newBuilder();
            for (var domain : byDomain.entrySet()) {
                BoolVar used = model.newBoolVar("spread[" + workload.id() + "," + domain.getKey() + "]");
                // used only if a replica is there
                model.addLessOrEqual(LinearExpr.newBuilder().add(used).addTerm(sum(domain.getValue(), c -> 1), -1), 0);
                // Implied, to help the relaxation: the other required - 1 domains take a replica each.
                model.addLessOrEqual(sum(domain.getValue(), c -> 1), replicas - required + 1);
                domainsUsed.add(used);
            }
            model.addGreaterOrEqual(domainsUsed, required);
        }
    }

    private void antiAffinity() {
        for (var entry : choicesByWorkload.entrySet()) {
            if (!entry.getKey().antiAffinity()) {
                continue;
            }
            // Same node at any time counts, as in the constraint (it joins on the node only).
            Map<Node, List<Choice>> byNode = new IdentityHashMap<>();
            for (Choice choice : entry.getValue()) {
                byNode.computeIfAbsent(choice.node(), n -> new ArrayList<>()).add(choice);
            }
            for (List<Choice> onNode : byNode.values()) {
                if (onNode.size() > 1) {
                    model.addLessOrEqual(sum(onNode, c -> 1), 1);
                }
            }
        }
    }

    private void colocation() {
        Map<Workload, Map<String, BoolVar>> hosts = new IdentityHashMap<>();
        for (ColocationRequirement requirement : plan.getColocations()) {
            Workload dependent = requirement.dependent();
            Workload dependency = requirement.dependency();
            Map<String, List<Choice>> dependentByDomain = byLatencyDomain(choicesByWorkload.getOrDefault(dependent, List.of()));
            Map<String, List<Choice>> dependencyByDomain = byLatencyDomain(choicesByWorkload.getOrDefault(dependency, List.of()));
            for (var domain : dependentByDomain.entrySet()) {
                List<Choice> dependencyThere = dependencyByDomain.get(domain.getKey());
                LinearExprBuilder dependentThere = sum(domain.getValue(), c -> 1);
                if (dependencyThere == null) {
                    model.addEquality(dependentThere, 0);
                    continue;
                }
                BoolVar hosting = hosts.computeIfAbsent(dependency, w -> new HashMap<>()).computeIfAbsent(domain.getKey(), d -> {
                    BoolVar host = model.newBoolVar("hosts[" + dependency.id() + "," + d + "]");
                    model.addLessOrEqual(LinearExpr.newBuilder().add(host).addTerm(sum(dependencyThere, c -> 1), -1), 0);
                    return host;
                });
                model.addLessOrEqual(dependentThere.addTerm(hosting, -replicasByWorkload.getOrDefault(dependent, 0)), 0);
            }
        }
    }

    private static Map<String, List<Choice>> byLatencyDomain(List<Choice> choices) {
        Map<String, List<Choice>> byDomain = new LinkedHashMap<>();
        for (Choice choice : choices) {
            byDomain.computeIfAbsent(choice.node().cluster().latencyDomain(), d -> new ArrayList<>()).add(choice);
        }
        return byDomain;
    }

    /** Twins (nodes no rule or cost tells apart) switch on in index order; any plan can be relabelled so. */
    private void twinNodesSwitchOnInOrder() {
        for (List<Node> group : twinGroups()) {
            for (int i = 1; i < group.size(); i++) {
                Node before = group.get(i - 1);
                Node after = group.get(i);
                model.addLessOrEqual(LinearExpr.newBuilder().add(on.get(after)).addTerm(on.get(before), -1), 0);
            }
        }
    }

    /** Nodes that host something, grouped with their twins, each group in index order. */
    private List<List<Node>> twinGroups() {
        Map<List<Object>, List<Node>> twins = new LinkedHashMap<>();
        for (Node node : plan.getNodes()) {
            if (on.containsKey(node)) {
                twins.computeIfAbsent(List.of(node.cluster(), node.capacity(), node.power(), node.powerBudgetWatts(),
                        node.labels(), node.taints(), node.runtimes()), k -> new ArrayList<>()).add(node);
            }
        }
        return List.copyOf(twins.values());
    }

    private void minimiseCarbon() {
        LinearExprBuilder carbon = sum(choices, Choice::carbonMilligrams);
        for (var entry : on.entrySet()) {
            carbon.addTerm(entry.getValue(), PlacementConstraints.idleCarbonMilligrams(entry.getKey(), plan.getHorizon()));
        }
        model.minimize(carbon);
    }

    private static LinearExprBuilder sum(List<Choice> choices, ToLongFunction<Choice> coefficient) {
        LinearExprBuilder sum = LinearExpr.newBuilder();
        for (Choice choice : choices) {
            long c = coefficient.applyAsLong(choice);
            if (c != 0) {
                sum.addTerm(choice.count(), c);
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ solving

    /**
     * Solves within {@code timeLimit} on {@code workers} threads (1 or 2 on a shared machine). The result has
     * the best plan found, if any, and the proven lower bound on carbon.
     */
    public Solution solve(Duration timeLimit, int workers) {
        return solve(model, timeLimit, workers, Optional.empty());
    }

    /** As {@link #solve(Duration, int)}, passing CP-SAT's search log, line by line, to {@code log}. */
    public Solution solve(Duration timeLimit, int workers, Consumer<String> log) {
        return solve(model, timeLimit, workers, Optional.of(log));
    }

    private Solution solve(CpModel toSolve, Duration timeLimit, int workers, Optional<Consumer<String>> log) {
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(timeLimit.toMillis() / 1000.0)
                .setNumWorkers(workers)
                .setRandomSeed(0)
                // The full linear relaxation with its cuts: on a 40-node, 146-replica fleet, 30 s on two workers gave
                // a better plan (5,827 g against 5,884 g) and bound (5,799.5 against 5,799.0) than the default level 1.
                .setLinearizationLevel(2)
                .setLogSearchProgress(log.isPresent())
                .setLogToStdout(false);
        log.ifPresent(solver::setLogCallback);
        CpSolverStatus status = solver.solve(toSolve);
        Duration wallTime = Duration.ofMillis(Math.round(solver.wallTime() * 1000));
        boolean found = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        List<Assignment> assignments = new ArrayList<>();
        if (found) {
            for (Choice choice : choices) {
                long count = solver.value(choice.count());
                if (count > 0) {
                    assignments.add(new Assignment(choice.workload(), choice.node(), choice.start(), count));
                }
            }
        }
        // The objective is integral, so a fractional bound rounds up; infeasible means no plan at all.
        long bound = status == CpSolverStatus.INFEASIBLE
                ? Long.MAX_VALUE : (long) Math.ceil(solver.bestObjectiveBound() - 1e-6);
        return new Solution(status, found ? Optional.of(Math.round(solver.objectiveValue())) : Optional.empty(),
                bound, wallTime, assignments);
    }

    /**
     * Starts CP-SAT's search from the placement of {@code placed} (a plan of the same fleet and workloads, such
     * as the generator's witness): a hint only, which may speed up the first solution and cannot change the
     * optimum or the bound. Replicas the model has no variable for are left out.
     */
    public ExactPlacementModel hint(FleetPlan placed) {
        // The same plan with each group of twins used from its first node on, as the twin ordering asks.
        Set<String> used = new HashSet<>();
        for (Replica replica : placed.getReplicas()) {
            if (replica.getNode() != null) {
                used.add(replica.getNode().id());
            }
        }
        Map<String, String> relabelled = new HashMap<>();
        for (List<Node> group : twinGroups()) {
            List<Node> usedInGroup = group.stream().filter(node -> used.contains(node.id())).toList();
            for (int i = 0; i < usedInGroup.size(); i++) {
                relabelled.put(usedInGroup.get(i).id(), group.get(i).id());
            }
        }
        Map<String, Long> counts = new HashMap<>();
        for (Replica replica : placed.getReplicas()) {
            if (replica.getNode() != null) {
                String node = relabelled.getOrDefault(replica.getNode().id(), replica.getNode().id());
                counts.merge(key(replica.getWorkload().id(), node, replica.start()), 1L, Long::sum);
            }
        }
        model.clearHints();
        for (Choice choice : choices) {
            model.addHint(choice.count(), counts.getOrDefault(key(choice.workload().id(), choice.node().id(), choice.start()), 0L));
        }
        Set<String> switchedOn = new HashSet<>(relabelled.values());
        on.forEach((node, isOn) -> model.addHint(isOn, switchedOn.contains(node.id())));
        return this;
    }

    private static Map<String, Long> countsByChoice(FleetPlan placed) {
        Map<String, Long> counts = new HashMap<>();
        for (Replica replica : placed.getReplicas()) {
            if (replica.getNode() != null) {
                counts.merge(key(replica.getWorkload().id(), replica.getNode().id(), replica.start()), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * The carbon the model gives {@code placed}'s placement, by fixing the counts to it and solving; empty when
     * the model does not allow that placement (or a replica is unplaced). A plan that every hard constraint
     * accepts must come back with its own carbon: that shows the model is no stricter than the constraints and
     * prices carbon as they do. Builds the model of {@code placed} without the twin ordering, which would make
     * a plan that uses a later twin and not an earlier one pay for switching the earlier one on.
     */
    public static Optional<Long> carbonOf(FleetPlan placed) {
        if (placed.getReplicas().stream().anyMatch(replica -> replica.getNode() == null)) {
            return Optional.empty();
        }
        ExactPlacementModel unordered = new ExactPlacementModel(placed, false);
        Map<String, Long> wanted = countsByChoice(placed);
        long matched = 0;
        for (Choice choice : unordered.choices) {
            long count = wanted.getOrDefault(key(choice.workload().id(), choice.node().id(), choice.start()), 0L);
            matched += count;
            unordered.model.addEquality(choice.count(), count);
        }
        if (matched != placed.getReplicas().size()) {
            return Optional.empty(); // some replica sits where the model has no variable: a static rule forbids it
        }
        Solution solution = unordered.solve(unordered.model, Duration.ofSeconds(60), 1, Optional.empty());
        return solution.status() == CpSolverStatus.OPTIMAL ? solution.carbonMilligrams() : Optional.empty();
    }

    private static String key(String workload, String node, int start) {
        return workload + "\u0000" + node + "\u0000" + start;
    }

    /** {@code count} replicas of {@code workload} on {@code node} from {@code start}. */
    public record Assignment(Workload workload, Node node, int start, long count) {
    }

    /**
     * What CP-SAT found.
     *
     * @param carbonMilligrams the best plan's carbon, when it found one
     * @param boundMilligrams a lower bound, proven by CP-SAT, on the carbon of every plan that keeps the hard
     *                        rules and places every replica
     * @param assignments the best plan, as counts (empty when none was found)
     */
    public record Solution(CpSolverStatus status, Optional<Long> carbonMilligrams, long boundMilligrams, Duration wallTime,
                           List<Assignment> assignments) {

        public Solution {
            assignments = List.copyOf(assignments);
        }

        public boolean proven() {
            return status == CpSolverStatus.OPTIMAL;
        }

        /** The carbon no plan can beat: the optimum when proven, else the bound. */
        public long bestBoundMilligrams() {
            return proven() ? carbonMilligrams.orElseThrow() : boundMilligrams;
        }

        /**
         * Sets node and start slot of {@code plan}'s replicas (the plan the model was built from, or one with
         * the same workloads), handing each workload's replicas out in ordinal order.
         */
        public void applyTo(FleetPlan plan) {
            Map<Workload, ArrayDeque<Replica>> open = new IdentityHashMap<>();
            for (Replica replica : plan.getReplicas()) {
                open.computeIfAbsent(replica.getWorkload(), w -> new ArrayDeque<>()).add(replica);
            }
            for (Assignment assignment : assignments) {
                ArrayDeque<Replica> replicas = open.get(assignment.workload());
                for (long i = 0; i < assignment.count(); i++) {
                    Replica replica = replicas.removeFirst();
                    replica.setNode(assignment.node());
                    replica.setStartSlot(assignment.start());
                }
            }
        }

        @Override
        public String toString() {
            return status + " carbon=" + carbonMilligrams.map(String::valueOf).orElse("none") + " mg bound=" + boundMilligrams
                    + " mg in " + wallTime.toMillis() + " ms";
        }
    }
}
