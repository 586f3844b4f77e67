package io.heliostat.controller.placement;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.topic.ITopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.FieldError;
import io.heliostat.api.placement.AlternativeNode;
import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.ReplicaMove;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.node.NodeAvailability;
import io.heliostat.controller.rest.ApiProblem;
import io.heliostat.solver.advice.Alternative;
import io.heliostat.solver.advice.Assignment;
import io.heliostat.solver.advice.FleetReoptimiser;
import io.heliostat.solver.advice.HeldBackMove;
import io.heliostat.solver.advice.PlacementAdvisor;
import io.heliostat.solver.advice.ProposedMove;
import io.heliostat.solver.advice.Recommendation;
import io.heliostat.solver.advice.Reoptimisation;
import io.heliostat.solver.analysis.Placement;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetFacts;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.io.FleetDefinition;

/**
 * Places workloads one at a time against the live fleet, in milliseconds, with the solver's
 * {@link PlacementAdvisor}: the same constraints and weights as the full solve, the chosen node and the
 * runners-up with the reason each lost. Accepted workloads are kept in the shared {@code workloads} map, which
 * is the truth: the advisor's live plan is a member's working copy of it, opened anew (see {@link #rebase}) at
 * start, on every carbon refresh and around each re-optimisation round.
 *
 * <p>The fleet (clusters, nodes, user locations, zones) comes from the fleet file; a node takes new work only
 * after it has reported and while it is Ready. Slot 0 of the live horizon is the current slot; zone intensities
 * follow the carbon signals. One advisor per member, used under this object's lock, which takes up every change
 * of the shared map as it comes; only the part of a decision that does not depend on load (the policy, the
 * translation, the advisor's ranking of the fleet) is done before it, by each request side by side. Any member can
 * place: two placing at the same instant may both count on the same room, which the next re-optimisation round puts
 * right (a broken hard rule costs more than any move).
 */
public final class PlacementService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);

    private FleetDefinition fleet;
    private final PlacementPolicies policies;
    private final IMap<String, PlacedWorkload> workloads;
    private final Supplier<Set<String>> readyNodes;
    private final ITopic<NodeAvailability> availability;
    private final Clock clock;
    private final int alternatives;
    private final Map<String, Cluster> clustersById = new HashMap<>();
    private final Set<String> fleetZones = new HashSet<>();
    private final Map<String, Node> fleetNodes = new HashMap<>();
    private final UUID listener;
    private final UUID availabilityListener;
    /** Told of each change of the shared map as this member takes it up. */
    private final List<BiConsumer<String, PlacedWorkload>> observers = new CopyOnWriteArrayList<>();
    /** Placements this member wrote whose change events have not come back yet: taking them up again is wasted work. */
    private final Map<String, PlacedWorkload> echoes = new HashMap<>();
    private final ReentrantLock turn = new ReentrantLock();
    /** What the live plan's workloads count toward their policies' rules. */
    private final PolicyLedger ledger = new PolicyLedger();
    /** Every zone's latest signals, and those of the fleet's zones; zones without one keep the fleet's intensities. */
    private List<ZoneCarbon> signals = List.of();
    private List<ZoneCarbon> carbon = List.of();
    private Horizon horizon;
    private PlacementAdvisor advisor;
    /** The three above as the last rebase left them: what a request is made ready against before it takes the lock. */
    private volatile Basis basis;

    /** The fleet, horizon and advisor of one opening of the live plan. */
    private record Basis(FleetDefinition fleet, Horizon horizon, PlacementAdvisor advisor) {
    }

    /**
     * A placement request made ready outside the lock, against {@code basis}: its policy and the advisor's preparation
     * (the workload it asks for, and the fleet ranked for it).
     */
    private record Readied(WorkloadSpec spec, PlacementPolicies.Named policy, PlacementAdvisor.Preparation preparation,
                           Basis basis, Instant now, long readyNanos) {
    }

    /**
     * Opens the live plan on what the shared map holds: a member that joins a running cluster takes up the
     * workloads placed so far. {@code policies} are those in force: the default weighs the plan and is taken up at
     * every rebase (an edited policy file weighs placements from the next carbon refresh on), and each workload is
     * priced and ruled by the one it names; {@code readyNodes} gives the nodes open to new work now (Ready and not
     * draining), from the shared node states; {@code availability} tells every member when a node opens or closes.
     */
    public PlacementService(FleetDefinition fleet, PlacementPolicies policies, IMap<String, PlacedWorkload> workloads,
                            Supplier<Set<String>> readyNodes, ITopic<NodeAvailability> availability, Clock clock, int alternatives) {
        this.fleet = fleet;
        this.policies = policies;
        this.workloads = workloads;
        this.readyNodes = readyNodes;
        this.availability = availability;
        this.clock = clock;
        this.alternatives = alternatives;
        synchronized (this) {
            index(fleet);
            // Listening first, so that no change is missed; the changes wait for the plan, and find it up to date.
            this.listener = workloads.addEntryListener(new SharedWorkloads(), true);
            this.availabilityListener = availability.addMessageListener(message -> opened(message.getMessageObject()));
            rebase();
        }
    }

    /**
     * What changes in the shared map, by any member (this one's own changes too: taking them up again finds the
     * live plan as they left it), reaches the live plan at once: placements of other members, moves of the
     * re-optimisation, removals.
     */
    private final class SharedWorkloads implements EntryAddedListener<String, PlacedWorkload>,
            EntryUpdatedListener<String, PlacedWorkload>, EntryRemovedListener<String, PlacedWorkload> {

        @Override
        public void entryAdded(EntryEvent<String, PlacedWorkload> event) {
            // A key's events come in order: the first after this member's own write of it is that write's (or an
            // older one, which the write has superseded). The live plan has it already; it need not even be decoded.
            PlacedWorkload own = ownWrite(event.getKey());
            PlacedWorkload placed = own != null ? own : event.getValue();
            if (own == null) {
                adopt(placed);
            }
            observers.forEach(observer -> observer.accept(event.getKey(), placed));
        }

        @Override
        public void entryUpdated(EntryEvent<String, PlacedWorkload> event) {
            entryAdded(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, PlacedWorkload> event) {
            forget(event.getKey());
            observers.forEach(observer -> observer.accept(event.getKey(), null));
        }
    }

    /**
     * {@code observer} is told, on Hazelcast's event threads, of each placement, move and removal by any member, after
     * this member's live plan has taken it up: the workload's id and its placement as it now is, null once removed.
     * Returns what stops it.
     */
    public Runnable observe(BiConsumer<String, PlacedWorkload> observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    private synchronized PlacedWorkload ownWrite(String workloadId) {
        return echoes.remove(workloadId);
    }

    private synchronized void adopt(PlacedWorkload placed) {
        String id = placed.spec().id();
        try {
            Optional<LivePlanRestore.Restored> restored = LivePlanRestore.restore(placed, policies, fleet, horizon, clock.instant(), fleetNodes);
            if (restored.isEmpty()) {
                drop(id);
                return;
            }
            advisor.adopt(restored.get().workload(), restored.get().replicas().stream()
                    .map(replica -> new Assignment(replica.getNode() == null ? null : replica.getNode().id(), replica.getStartSlot()))
                    .toList());
            count(restored.get().workload(), placed.spec().policy(), restored.get().replicas());
        } catch (RuntimeException e) {
            LOG.warn("workload {} could not be taken up into the live plan on its own ({}); opening the plan anew", id, e.toString());
            rebase();
        }
    }

    private synchronized void forget(String workloadId) {
        // Placed anew meanwhile (a lost node's workloads are removed, then placed again).
        if (!advisor.holds(workloadId) || workloads.containsKey(workloadId)) {
            return;
        }
        try {
            advisor.remove(workloadId);
        } catch (IllegalStateException e) {
            LOG.warn("workload {} could not leave the live plan on its own ({}); opening the plan anew", workloadId, e.getMessage());
            rebase();
        }
    }

    /**
     * Decides and keeps a new workload; 400 naming the field for what the fleet cannot take, 409 for a known id.
     * Only the decision holds the live plan; the shared map is asked and written outside it, so that one request's
     * round trips to other members do not hold up the next decision.
     */
    public PlacementDecision place(WorkloadSpec spec) {
        return place(spec, true, alternatives);
    }

    /**
     * {@link #place(WorkloadSpec)} with up to {@code alternatives} runners-up and ruled-out nodes per replica: a replica
     * no node takes then lists, for each cluster and rule that ruled one of its nodes out, that node and the rule.
     */
    public PlacementDecision place(WorkloadSpec spec, int alternatives) {
        return place(spec, true, alternatives);
    }

    /**
     * {@code admitTenant} false for a workload placed before, placed anew: the room it had is not asked for again, so
     * tenant shares do not turn it away (a lost node shrinks every tenant's guarantee).
     */
    private PlacementDecision place(WorkloadSpec spec, boolean admitTenant, int alternatives) {
        if (workloads.containsKey(spec.id())) {
            throw alreadyPlaced(spec.id());
        }
        List<FieldError> unknownDependencies = new ArrayList<>();
        for (int i = 0; i < spec.colocateWith().size(); i++) {
            if (!workloads.containsKey(spec.colocateWith().get(i))) {
                unknownDependencies.add(new FieldError("colocateWith[" + i + "]", "must name a placed workload, was '"
                        + spec.colocateWith().get(i) + "'"));
            }
        }
        Readied readied = ready(spec, unknownDependencies, basis);
        PlacedWorkload placed = inTurn(() -> decide(readied, admitTenant, alternatives));
        PlacedWorkload earlier;
        try {
            earlier = workloads.putIfAbsent(spec.id(), placed);
        } catch (RuntimeException e) {
            // Not kept, not placed: the live plan must not hold what the shared state does not.
            inTurn(() -> forgetOwn(spec.id(), null));
            throw e;
        }
        if (earlier != null) {
            // Another member placed the same id a moment before: the live plan takes its placement instead.
            inTurn(() -> forgetOwn(spec.id(), earlier));
            throw alreadyPlaced(spec.id());
        }
        return placed.decision();
    }

    /**
     * What a decision needs that does not hold the live plan, done before the lock so that requests do it side by side:
     * the policy, the translation of the spec into the solver's terms, and the ranking of the fleet for it. 400 naming
     * the fields for what the fleet cannot take.
     */
    private Readied ready(WorkloadSpec spec, List<FieldError> unknownDependencies, Basis on) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>(unknownDependencies);
        Optional<PlacementPolicies.Named> policy = policies.named(spec.policy(), errors);
        if (policy.isEmpty()) {
            throw ApiProblem.invalid("placement request does not fit this fleet", errors);
        }
        WorkloadTranslation.Result translated = WorkloadTranslation.translate(spec, policy.get(), on.fleet(), on.horizon(), now);
        errors.addAll(translated.errors());
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("placement request does not fit this fleet", errors);
        }
        Workload workload = translated.workload().orElseThrow();
        PlacementAdvisor.Preparation preparation;
        try {
            preparation = on.advisor().prepare(workload);
        } catch (IllegalArgumentException e) {
            throw doesNotFit(e);
        }
        return new Readied(spec, policy.get(), preparation, on, now, System.nanoTime() - started);
    }

    /**
     * Decides where the workload goes and keeps it in the live plan, as this member's own until its event comes back.
     * A request made ready against an earlier opening of the live plan is made ready again, now.
     */
    private PlacedWorkload decide(Readied request, boolean admitTenant, int alternatives) {
        long started = System.nanoTime();
        boolean current = request.basis() == basis;
        Readied readied = current ? request : ready(request.spec(), List.of(), basis);
        Workload workload = readied.preparation().workload();
        if (admitTenant) {
            admitTenant(workload, readied.policy());
        }
        Recommendation recommendation;
        try {
            recommendation = advisor.recommend(readied.preparation(), alternatives);
        } catch (IllegalArgumentException e) {
            // What the fields above cannot show, such as an id a concurrent request placed first.
            throw doesNotFit(e);
        }
        advisor.accept(recommendation);
        ledger.count(workload.id(), readied.policy().name(), workload.tenant(), workload.request(),
                recommendation.replicas().stream().filter(replica -> replica.placement().isPresent()).count());
        WorkloadSpec spec = readied.spec();
        PlacedWorkload placed = new PlacedWorkload(spec, decision(spec, readied.policy().name(), workload, recommendation,
                readied.now(), ((current ? request.readyNanos() : 0) + System.nanoTime() - started) / 1000));
        echoes.put(spec.id(), placed);
        return placed;
    }

    private static ApiProblem doesNotFit(IllegalArgumentException e) {
        return ApiProblem.invalid("placement request does not fit this fleet", List.of(new FieldError("(body)", e.getMessage())));
    }

    /** Takes this member's own placement of a workload out of the live plan; {@code winner}, when given, goes in instead. */
    private Void forgetOwn(String workloadId, PlacedWorkload winner) {
        echoes.remove(workloadId);
        if (winner != null) {
            adopt(winner);
        } else {
            drop(workloadId);
        }
        return null;
    }

    /**
     * Takes the workload out of the live plan if it is there.
     *
     * @throws IllegalStateException while other workloads must run next to it
     */
    private void drop(String workloadId) {
        if (advisor.holds(workloadId)) {
            advisor.remove(workloadId);
            ledger.forget(workloadId);
        }
    }

    /**
     * Refuses (403) a workload whose tenant would request more than its policy's tenant share of the Ready nodes; see
     * {@link PolicyLedger}. Counted on every replica asked for, placed or not: a replica waiting for room is asking.
     */
    private void admitTenant(Workload workload, PlacementPolicies.Named policy) {
        Map<String, Double> shares = policy.spec().normalisedTenantShares();
        if (shares.isEmpty()) {
            return;
        }
        long cpu = 0;
        long memory = 0;
        for (Map.Entry<String, Node> node : fleetNodes.entrySet()) {
            if (advisor.isAvailable(node.getKey())) {
                cpu += node.getValue().capacity().cpuMillis();
                memory += node.getValue().capacity().memoryMiB();
            }
        }
        ledger.tenantRefusal(policy.name(), workload.tenant(), workload.request().cpuMillis() * workload.replicas(),
                        workload.request().memoryMiB() * workload.replicas(), shares, new Resources(cpu, memory, 0, 0, 0))
                .ifPresent(reason -> {
                    throw ApiProblem.overShare("workload '" + workload.id() + "' is not placed under policy '" + policy.name() + "': "
                            + reason);
                });
    }

    /** Counts a workload the live plan took up, under the policy it names as it reads now, by its replicas on nodes. */
    private void count(Workload workload, String policyName, List<Replica> replicas) {
        ledger.count(workload.id(), policies.current(policyName).name(), workload.tenant(), workload.request(),
                replicas.stream().filter(r -> r.getNode() != null).count());
    }

    /** The policies at least one workload of this member's live plan is under. */
    public synchronized Set<String> policiesInUse() {
        return ledger.policiesInUse();
    }

    /**
     * Placements and removals wait for the live plan here, parked, before they take its monitor: threads waiting on
     * a monitor spin, and with a few requests at once a fifth of the CPU went to spinning. Always taken before the
     * monitor, never while holding it.
     */
    private <T> T inTurn(Supplier<T> action) {
        turn.lock();
        try {
            synchronized (this) {
                return action.get();
            }
        } finally {
            turn.unlock();
        }
    }

    private static ApiProblem alreadyPlaced(String workloadId) {
        return ApiProblem.conflict("workload '" + workloadId + "' is placed already; DELETE it first to place it anew");
    }

    /** Frees the workload's capacity in the live plan, then removes it from the shared map; 404 when it is not placed. */
    public void remove(String workloadId) {
        if (!workloads.containsKey(workloadId)) {
            throw ApiProblem.notFound("no workload '" + workloadId + "' is placed");
        }
        inTurn(() -> {
            try {
                drop(workloadId);
            } catch (IllegalStateException e) {
                throw ApiProblem.conflict(e.getMessage());
            }
            return null;
        });
        workloads.delete(workloadId);
    }

    /** Whether this member's live plan holds the workload (it takes up other members' placements as they come). */
    public synchronized boolean plans(String workloadId) {
        return advisor.holds(workloadId);
    }

    public Optional<PlacedWorkload> placement(String workloadId) {
        return Optional.ofNullable(workloads.get(workloadId));
    }

    public List<PlacedWorkload> placements() {
        List<PlacedWorkload> all = new ArrayList<>(workloads.values());
        all.sort(Comparator.comparing(placed -> placed.spec().id()));
        return all;
    }

    /**
     * A node of the fleet reported and is Ready: new work may go there, here at once and on every other member
     * when the word reaches it. Nodes not in the fleet file are ignored.
     */
    public void nodeReady(String nodeId) {
        announce(new NodeAvailability(nodeId, true));
    }

    /** Opens or closes a fleet node here at once, and tells the other members. */
    private void announce(NodeAvailability node) {
        if (fleetNodes.containsKey(node.nodeId())) {
            opened(node);
            availability.publish(node);
        }
    }

    /** Whether this member's live plan puts new work on the node (a fleet node that is Ready, as far as it knows). */
    public synchronized boolean takesWork(String nodeId) {
        return fleetNodes.containsKey(nodeId) && advisor.isAvailable(nodeId);
    }

    /** Another member (or this one) opened or closed a node. */
    private synchronized void opened(NodeAvailability node) {
        if (!fleetNodes.containsKey(node.nodeId())) {
            return;
        }
        if (node.available()) {
            advisor.markAvailable(node.nodeId());
        } else {
            advisor.markUnavailable(node.nodeId());
        }
    }

    /**
     * A node is Suspect or Lost: nothing new goes there, on any member. When it is lost, each workload with a replica there is
     * placed anew (its other replicas may move too, at the advisor's migration price); returns those workloads.
     */
    public List<String> nodeGone(String nodeId, boolean lost) {
        if (!fleetNodes.containsKey(nodeId)) {
            return List.of();
        }
        announce(new NodeAvailability(nodeId, false));
        return lost ? placeAnewOff(nodeId, "is lost") : List.of();
    }

    /**
     * A node is drained, the planned form of losing it: nothing new goes there, on any member, and each workload with
     * a replica there is placed anew elsewhere, as for a lost node; returns those workloads. {@link #nodeReady} opens
     * it again, and nothing moves back.
     */
    public List<String> drain(String nodeId) {
        if (!fleetNodes.containsKey(nodeId)) {
            return List.of();
        }
        announce(new NodeAvailability(nodeId, false));
        return placeAnewOff(nodeId, "is draining");
    }

    /** Places each workload with a replica on the node, which is closed already, anew; returns those workloads. */
    private List<String> placeAnewOff(String nodeId, String why) {
        List<String> replaced = new ArrayList<>();
        for (PlacedWorkload placed : workloads.values()) {
            boolean ranThere = placed.decision().replicas().stream().anyMatch(replica -> nodeId.equals(replica.node()));
            if (!ranThere) {
                continue;
            }
            try {
                remove(placed.spec().id());
                PlacementDecision decision = place(placed.spec(), false, alternatives);
                LOG.info("node {} {}: workload {} placed anew, {}", nodeId, why, placed.spec().id(),
                        decision.fullyPlaced() ? "every replica placed" : "some replicas wait for room");
                replaced.add(placed.spec().id());
            } catch (RuntimeException e) {
                // Such as a workload others must run next to: it stays where it was, for re-optimisation to move.
                LOG.warn("node {} {}: workload {} could not be placed anew: {}", nodeId, why, placed.spec().id(), e.getMessage());
            }
        }
        return replaced;
    }

    /**
     * The fleet's clusters or nodes changed (a member cluster joined, left or changed its nodes): the live plan is
     * opened anew on the new fleet. Replicas on nodes the fleet no longer has wait for room until they are placed anew.
     */
    public void fleetChanged(FleetDefinition next) {
        inTurn(() -> {
            index(next);
            takeUp(signals);
            rebase();
            return null;
        });
    }

    private void index(FleetDefinition next) {
        fleet = next;
        clustersById.clear();
        fleetNodes.clear();
        fleetZones.clear();
        next.plan().getClusters().forEach(cluster -> clustersById.put(cluster.id(), cluster));
        next.plan().getNodes().forEach(node -> fleetNodes.put(node.id(), node));
        next.plan().getZones().forEach(zone -> fleetZones.add(zone.id()));
    }

    /** Keeps the zones' latest signals, and of them those of the fleet's zones. */
    private void takeUp(List<ZoneCarbon> zones) {
        signals = List.copyOf(zones);
        carbon = zones.stream().filter(zone -> fleetZones.contains(zone.zone())).toList();
    }

    /** The fleet placements are made on now. */
    public synchronized FleetDefinition fleet() {
        return fleet;
    }

    /** New carbon signals: the live plan is opened anew on them (see {@link #rebase}). */
    public synchronized void updateCarbon(List<ZoneCarbon> zones) {
        takeUp(zones);
        rebase();
    }

    /**
     * Opens the live plan anew from the shared state: on a horizon whose slot 0 is the current slot, with the
     * zones' latest signals, every workload of the shared map where it runs, and only the Ready nodes open to new
     * work. It keeps the plan's clock moving and takes up what other members placed and re-optimisation moved; as
     * slow as opening an advisor (seconds on a 50,000-replica plan), placements wait meanwhile.
     */
    public synchronized void rebase() {
        Instant now = clock.instant();
        Horizon fileHorizon = fleet.plan().getHorizon();
        long slotMillis = fileHorizon.slotLength().toMillis();
        Horizon next = new Horizon(Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), slotMillis) * slotMillis),
                fileHorizon.slotLength(), fileHorizon.slots());
        Map<String, PlacedWorkload> byId = new HashMap<>();
        workloads.values().forEach(placed -> byId.put(placed.spec().id(), placed));
        // This member's placements on their way into the map, which the read may have missed: left out, their room
        // would look free (and their tenant's share unused) until their events came back.
        echoes.forEach(byId::putIfAbsent);
        Collection<PlacedWorkload> shared = byId.values();
        FleetPlan plan = LivePlanRestore.plan(fleet, policies, next, FleetFacts.of(fleet.plan()).withIntensities(intensities(next, now)),
                shared, now);
        PlacementAdvisor opened = new PlacementAdvisor(plan);
        Set<String> ready = readyNodes.get();
        plan.getNodes().stream().filter(node -> !ready.contains(node.id())).forEach(node -> opened.markUnavailable(node.id()));
        if (advisor != null) {
            advisor.close();
        }
        ledger.clear();
        Map<String, String> policyNames = new HashMap<>();
        shared.forEach(placed -> policyNames.put(placed.spec().id(), placed.spec().policy()));
        Map<String, List<Replica>> replicasByWorkload = new HashMap<>();
        plan.getReplicas().forEach(replica -> replicasByWorkload.computeIfAbsent(replica.getWorkload().id(), id -> new ArrayList<>()).add(replica));
        plan.getWorkloads().forEach(workload -> count(workload, policyNames.get(workload.id()),
                replicasByWorkload.getOrDefault(workload.id(), List.of())));
        advisor = opened;
        horizon = next;
        basis = new Basis(fleet, next, opened);
    }

    /**
     * Each zone's intensity in each slot of {@code horizon}: the current value in the slot now falls in (and any
     * before), then the forecast interval that covers each slot's start, the last one known past the forecast. A stale
     * zone's is what the default policy's {@code staleSignal} says (the intensities are facts of the whole plan).
     */
    private Map<String, double[]> intensities(Horizon horizon, Instant now) {
        Map<String, double[]> intensities = new HashMap<>();
        ZoneCarbon.StaleFallback fallback = ZoneCarbon.StaleFallback.of(policies.fleetDefault().spec().staleSignal());
        int currentSlot = Math.max(0, WorkloadTranslation.slotOf(horizon, now));
        for (ZoneCarbon zone : carbon) {
            double[] values = new double[horizon.slots()];
            for (int slot = 0; slot < values.length; slot++) {
                Instant at = slot <= currentSlot ? now : horizon.start().plus(horizon.slotLength().multipliedBy(slot));
                values[slot] = zone.assumedAt(at, fallback);
            }
            intensities.put(zone.zone(), values);
        }
        return intensities;
    }

    /**
     * What re-optimisation solves: the live plan as the shared map has it now (see {@link #rebase}) on the zones'
     * {@code signals}, each replica where it runs, the nodes that take no new work closed to moves.
     */
    public synchronized FleetPlan reoptimisationSnapshot(List<ZoneCarbon> signals) {
        // The signals the round was started on, not those of the last refresh: a round started by a change of carbon
        // must see that change.
        takeUp(signals);
        rebase();
        return closedNodesMarked(advisor.snapshot());
    }

    /** The plan with the nodes that take no new work closed to moves (see {@link ClosedNodes}). */
    private FleetPlan closedNodesMarked(FleetPlan plan) {
        return ClosedNodes.close(plan, fleetNodes.keySet().stream().filter(node -> !advisor.isAvailable(node))
                .collect(Collectors.toSet()));
    }

    /** Writes one workload's moves to the shared map, fenced; returns each change's outcome in order. */
    @FunctionalInterface
    public interface MoveWriter {
        List<String> write(String workloadId, List<ReplicaChange> changes);
    }

    /**
     * The moves a round makes and writes, and those it holds back.
     *
     * @param selection what the moves made save, or empty when the horizon moved on during the solve
     * @param moves     the moves written with their outcome, then the first held back, with their reason
     * @param heldBack  how many were held back, by reason
     */
    public record WrittenMoves(Optional<Reoptimisation> selection, List<ReplicaMove> moves, Map<String, Integer> heldBack) {
    }

    /**
     * Under the placement lock, so that no placement of this member comes between: takes the moves of a solve of
     * {@code solvedOn} still worth making against the live plan as it is now (it has taken up every change since
     * the snapshot), at most {@code maxMovesPerCluster} out of each cluster, and writes each workload's moves with
     * {@code writer}; the live plan takes them up as the map's changes reach it. When the live plan was opened
     * anew on a later slot during the solve, its moves are held back: their start slots no longer mean what they
     * did.
     */
    public synchronized WrittenMoves writeMoves(FleetReoptimiser reoptimiser, Horizon solvedOn, List<ProposedMove> proposed,
                                                int maxMovesPerCluster, MoveWriter writer) {
        if (!horizon.start().equals(solvedOn.start())) {
            return new WrittenMoves(Optional.empty(), proposed.stream().limit(ReoptimisationRound.MAX_LISTED_HELD_BACK)
                    .map(move -> record(move, ReplicaMove.HELD_BACK, "the planning horizon moved on to a new slot during the solve"))
                    .toList(), proposed.isEmpty() ? Map.of() : Map.of(HeldBackMove.Reason.STALE.id(), proposed.size()));
        }
        Instant now = clock.instant();
        FleetPlan current = closedNodesMarked(advisor.snapshot());
        Reoptimisation selection = reoptimiser.select(current, proposed, maxMovesPerCluster);
        Map<String, Workload> byId = new HashMap<>();
        current.getWorkloads().forEach(workload -> byId.put(workload.id(), workload));
        Map<String, Node> nodes = new HashMap<>();
        current.getNodes().forEach(node -> nodes.put(node.id(), node));
        Map<String, List<ProposedMove>> byWorkload = new LinkedHashMap<>();
        selection.moves().forEach(move -> byWorkload.computeIfAbsent(move.workload(), id -> new ArrayList<>()).add(move));
        List<ReplicaMove> written = new ArrayList<>();
        byWorkload.forEach((workloadId, moves) -> {
            Workload workload = byId.get(workloadId);
            List<String> outcomes = writer.write(workloadId, moves.stream().map(move -> new ReplicaChange(move.replica(),
                    move.fromNode(), moved(workload, move, nodes.get(move.toNode()), now))).toList());
            for (int i = 0; i < moves.size(); i++) {
                written.add(record(moves.get(i), outcomes.get(i), null));
            }
        });
        Map<String, Integer> heldBack = new TreeMap<>();
        for (HeldBackMove held : selection.heldBack()) {
            heldBack.merge(held.reason().id(), 1, Integer::sum);
            if (written.size() - selection.moves().size() < ReoptimisationRound.MAX_LISTED_HELD_BACK) {
                written.add(record(held.move(), ReplicaMove.HELD_BACK, switch (held.reason()) {
                    case CLUSTER_MOVE_LIMIT -> "cluster " + held.move().churnedCluster() + " had its policy's most moves this round";
                    case STALE -> "the replica moved or went during the solve";
                    case NO_GAIN_ALONE -> "neither alone nor with the other moves so held back does it pay for its migration"
                            + " within every hard rule";
                }));
            }
        }
        return new WrittenMoves(Optional.of(selection), written, heldBack);
    }

    private static ReplicaMove record(ProposedMove move, String outcome, String reason) {
        return new ReplicaMove(move.workload(), move.replica(), move.fromNode(), move.fromCluster(), move.toNode(), move.toCluster(),
                move.carbonMilligramsSaved() / 1000.0, outcome, reason);
    }

    /** The decision for a replica moved to {@code node}: its draw there at the current slot's intensity, no alternatives. */
    private ReplicaDecision moved(Workload workload, ProposedMove move, Node node, Instant now) {
        Cluster cluster = node.cluster();
        int slot = Math.max(0, WorkloadTranslation.slotOf(horizon, now));
        return new ReplicaDecision(move.replicaId(), node.id(), cluster.id(), node.zone().id(),
                node.zone().gramsPerHour(node.incrementalWatts(workload.request()), slot),
                workload.userLocation().map(location -> location.rttMs(cluster)).orElse(null),
                workload.kind() == WorkloadKind.BATCH ? WorkloadTranslation.startOf(horizon, move.toSlot(), now) : null, null, List.of());
    }

    private PlacementDecision decision(WorkloadSpec spec, String policy, Workload workload, Recommendation recommendation, Instant now,
                                       long micros) {
        List<ReplicaDecision> replicas = new ArrayList<>();
        double total = 0;
        for (io.heliostat.solver.advice.ReplicaDecision advice : recommendation.replicas()) {
            total += advice.gramsPerHour();
            replicas.add(advice.placement().map(placement -> new ReplicaDecision(advice.replica(), placement.node(),
                            placement.cluster(), placement.zone(), advice.gramsPerHour(), latency(workload, placement),
                            workload.deferrable() || spec.isJob() ? WorkloadTranslation.startOf(horizon, placement.startSlot(), now) : null, null,
                            alternatives(workload, advice)))
                    .orElseGet(() -> new ReplicaDecision(advice.replica(), null, null, null, 0, null, null,
                            "no node can take it under every hard rule"
                                    + advice.alternatives().stream().filter(alternative -> !alternative.feasible()).findFirst()
                                    .map(alternative -> "; the cheapest ruled out: " + alternative.placement().node() + ": "
                                            + alternative.reason()).orElse(""),
                            alternatives(workload, advice))));
        }
        return new PlacementDecision(spec.id(), spec.tenant(), policy, now, micros, total, replicas);
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
        workloads.removeEntryListener(listener);
        availability.removeMessageListener(availabilityListener);
        advisor.close();
    }
}
