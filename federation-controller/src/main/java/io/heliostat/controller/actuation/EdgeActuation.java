package io.heliostat.controller.actuation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeCommand;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.command.CommandLog;
import io.heliostat.controller.command.LoggedCommand;
import io.heliostat.controller.command.NodeCommands;
import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.placement.SandboxChoice;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.io.Quantities;

/**
 * Runs and stops placed workloads on the fleet's edge nodes through their agents' commands, level-triggered as a
 * Kubernetes controller is: each pass compares what should run, every replica of a workload with an {@code image}
 * placed on a node of an edge cluster (a batch job only from its start until it ends), with what the controller has
 * told each node, kept in the shared {@code edge-runs} map; it issues a run-workload where something should run and
 * does not, and a stop-workload where something runs and should not (the replica moved, the workload was deleted,
 * the node was drained or lost, the job ended). A lost node's stop waits in its command log until the node comes
 * back. Cloud clusters are left to the Kubernetes actuation.
 *
 * <p>Singleton work of the oldest member under a fencing epoch: a pass runs every interval, and one over just the
 * changed workloads as soon as the placements change. Each command is decided before it is issued: its id is written
 * to {@code edge-runs} (only over the command it replaces, see {@link RecordEdgeRun}), then issued under that id,
 * which the node's log takes once however often it is issued. A leader that dies between the two leaves the decision,
 * and its successor issues it: none is lost, none doubled. A run answered and then dropped from the node's log
 * (beyond {@code heliostat.nodes.commands.retained}) before any pass saw the answer is issued again; the agent answers
 * a run of a workload it runs already without starting it twice.
 *
 * <p>A run that failed or was rejected left nothing running: it is tried again after the back-off (doubled per failure
 * in a row, capped) while still wanted, and needs no stop when no longer wanted; neither does a run that never reached
 * the node's log. A node whose log is full (429 for an operator) is skipped for the rest of the pass, said once in the
 * log, and tried again at the next.
 */
public final class EdgeActuation implements AutoCloseable {

    /** The lease of the singleton work. */
    public static final String WORK = "edge-actuation";
    /** How often a periodic pass reads every workload, not just those it knows to be actuated; see {@link #actuated}. */
    static final Duration READ_ALL_EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(EdgeActuation.class);

    private final Leadership leadership;
    private final IMap<String, PlacedWorkload> workloads;
    private final IMap<String, EdgeRuns> runs;
    private final NodeCommands commands;
    private final SandboxChoice sandboxes;
    private final Map<String, Node> edgeNodes = new HashMap<>();
    private final ControllerSettings.EdgeActuation settings;
    private final Clock clock;
    /** Nodes whose full command log was said in the log, until they take a command again. */
    private final Set<String> fullNodes = ConcurrentHashMap.newKeySet();
    /** Workloads changed since the last pass over changes, with whether, as changed, they run on edge nodes at all. */
    private final Map<String, Boolean> changed = new ConcurrentHashMap<>();
    private final AtomicBoolean changesQueued = new AtomicBoolean();
    /**
     * Workloads with an image and a replica on an edge node: besides those with runs, the only ones a periodic pass
     * reads (a fleet's workloads are mostly cloud ones, and each read decodes one). Kept from every pass's reads, and
     * rebuilt from all workloads when this member takes the lead and every {@link #READ_ALL_EVERY}, should a change
     * event have been lost on the way.
     */
    private final Set<String> actuated = new HashSet<>();
    private long actuatedEpoch = -1;
    private Instant actuatedAsOf = Instant.MIN;
    /**
     * Workloads with runs, as of the last periodic pass and the runs written since: a change of a workload that
     * neither runs on edge nodes nor has runs needs no pass. Read every periodic pass; another leader's runs written
     * meanwhile are found by the next.
     */
    private final Set<String> withRuns = new HashSet<>();
    private final ExecutorService changePasses;
    private final Runnable stopObserving;

    /**
     * {@code fleetNodes} are the fleet file's: those of its edge clusters are actuated here. Where {@code settings} say
     * this member takes part, it follows the changes of {@code workloads} from now on, as {@code placements} takes
     * them up (which has decoded each already).
     */
    public EdgeActuation(Leadership leadership, IMap<String, PlacedWorkload> workloads, PlacementService placements,
                         IMap<String, EdgeRuns> runs, NodeCommands commands, SandboxChoice sandboxes, List<Node> fleetNodes,
                         ControllerSettings.EdgeActuation settings, Clock clock) {
        this.leadership = leadership;
        this.workloads = workloads;
        this.runs = runs;
        this.commands = commands;
        this.sandboxes = sandboxes;
        this.settings = settings;
        this.clock = clock;
        fleetNodes.stream().filter(node -> node.cluster().kind() == ClusterKind.EDGE).forEach(node -> edgeNodes.put(node.id(), node));
        if (settings.enabled()) {
            this.changePasses = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "heliostat-edge-actuation");
                thread.setDaemon(true);
                return thread;
            });
            this.stopObserving = placements.observe(this::changed);
        } else {
            this.changePasses = null;
            this.stopObserving = null;
        }
    }

    /** A placement, move or removal ({@code now} null), by any member: queues a pass over the workloads changed meanwhile. */
    private void changed(String workloadId, PlacedWorkload now) {
        changed.put(workloadId, now != null && actuated(now));
        // One pass queued at a time takes every change made until it starts.
        if (changesQueued.compareAndSet(false, true)) {
            changePasses.execute(() -> {
                changesQueued.set(false);
                Map<String, Boolean> changes = new HashMap<>(changed);
                changes.forEach(changed::remove); // each only as taken: one changed again since stays for the next pass
                try {
                    pass(changes);
                } catch (RuntimeException e) {
                    LOG.warn("edge actuation of changed workloads {} failed; the next pass tries again", changes.keySet(), e);
                }
            });
        }
    }

    /** On the leader, a pass over every workload and every run; on any other member, nothing. */
    public void reconcile() {
        pass(null);
    }

    /**
     * A pass over the workloads {@code changes} names, or, when it is null, over every run and every workload that may
     * run on edge nodes ({@link #actuated}). Of the changed workloads only those that, as changed, run on edge nodes
     * are read: for the others nothing should run, and their runs, if any, are stopped.
     */
    private synchronized void pass(Map<String, Boolean> changes) {
        if (changes != null && actuatedEpoch >= 0 && changes.entrySet().stream().noneMatch(change -> change.getValue()
                || actuated.contains(change.getKey()) || withRuns.contains(change.getKey()))) {
            return; // none of these runs or ran on an edge node, as far as this member's last periodic pass knows
        }
        Optional<Long> epoch = leadership.lead(WORK);
        if (epoch.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        boolean readAll = changes == null && (epoch.get() != actuatedEpoch || !now.isBefore(actuatedAsOf.plus(READ_ALL_EVERY)));
        Set<String> read = readAll ? null : changes == null ? Set.copyOf(actuated) : actuatedOf(changes);
        Map<String, PlacedWorkload> placed = readAll ? new HashMap<>(workloads) : read.isEmpty() ? Map.of() : workloads.getAll(read);
        Map<String, EdgeRuns> told = changes == null ? new HashMap<>(runs) : runs.getAll(changes.keySet());
        if (changes == null) {
            withRuns.clear();
            withRuns.addAll(told.keySet());
        }
        if (readAll) {
            actuated.clear();
            actuatedEpoch = epoch.get();
            actuatedAsOf = now;
        }
        for (String workloadId : readAll ? placed.keySet() : changes == null ? read : changes.keySet()) {
            PlacedWorkload workload = placed.get(workloadId);
            if (workload != null && actuated(workload)) {
                actuated.add(workloadId);
            } else {
                actuated.remove(workloadId);
            }
        }
        Map<String, Map<String, RunSpec>> wanted = new HashMap<>();
        placed.forEach((id, workload) -> wanted.put(id, wanted(workload, now)));
        Set<String> nodes = new HashSet<>();
        wanted.values().forEach(byNode -> nodes.addAll(byNode.keySet()));
        told.values().forEach(entry -> entry.runs().forEach(run -> nodes.add(run.nodeId())));
        Pass pass = new Pass(epoch.get(), now, commands.logs(nodes));
        Set<String> ids = new TreeSet<>(wanted.keySet());
        ids.addAll(told.keySet());
        for (String workloadId : ids) {
            Map<String, RunSpec> byNode = wanted.getOrDefault(workloadId, Map.of());
            EdgeRuns entry = told.get(workloadId);
            Set<String> workloadNodes = new TreeSet<>(byNode.keySet());
            if (entry != null) {
                entry.runs().forEach(run -> workloadNodes.add(run.nodeId()));
            }
            for (String nodeId : workloadNodes) {
                if (pass.full.contains(nodeId)) {
                    continue;
                }
                try {
                    step(pass, workloadId, nodeId, byNode.get(nodeId), entry == null ? null : entry.on(nodeId).orElse(null));
                } catch (LostLead e) {
                    LOG.info("edge actuation stops its pass: this member no longer leads (epoch {})", pass.epoch);
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("edge actuation of workload {} on node {} failed; the next pass tries again", workloadId, nodeId, e);
                }
            }
        }
    }

    /** One pass's view of the world: its epoch and instant, and the command logs of the nodes it acts on. */
    private static final class Pass {
        final long epoch;
        final Instant now;
        final Map<String, CommandLog> logs;
        /** Nodes whose command log refused a command this pass. */
        final Set<String> full = new HashSet<>();

        Pass(long epoch, Instant now, Map<String, CommandLog> logs) {
            this.epoch = epoch;
            this.now = now;
            this.logs = logs;
        }

        Optional<LoggedCommand> logged(EdgeRun run) {
            return Optional.ofNullable(logs.get(run.nodeId())).flatMap(log -> log.find(run.commandId()));
        }
    }

    /** This member stopped leading during a pass: nothing more may be decided under its epoch. */
    private static final class LostLead extends RuntimeException {
        LostLead() {
            super(null, null, false, false);
        }
    }

    /** Brings one workload's run on one node from what it was told ({@code run}, null for nothing) to {@code wanted}. */
    private void step(Pass pass, String workloadId, String nodeId, RunSpec wanted, EdgeRun run) {
        if (run != null) {
            run = seen(pass, workloadId, run);
            if (run == null) {
                return;
            }
        }
        if (run == null) {
            if (wanted != null) {
                decide(pass, workloadId, nodeId, null, EdgeRun.run(nodeId, newCommandId(), wanted, pass.now, pass.epoch, 0));
            }
            return;
        }
        boolean reachedNode = run.outcome() != null || pass.logged(run).isPresent();
        boolean asWanted = run.spec().equals(wanted);
        if (run.isRun()) {
            if (run.outcome() == null) {
                if (asWanted && !reachedNode) {
                    issue(pass, workloadId, run);
                } else if (!asWanted && reachedNode) {
                    // Taken by the agent, or about to be: stopped after it.
                    stop(pass, workloadId, run, 0);
                } else if (!asWanted) {
                    // Never reached the node: withdrawn.
                    replace(pass, workloadId, run, wanted);
                }
            } else if (run.succeeded()) {
                if (!asWanted) {
                    stop(pass, workloadId, run, 0);
                }
            } else if (!asWanted) {
                // A failed or rejected run left nothing running.
                replace(pass, workloadId, run, wanted);
            } else if (!pass.now.isBefore(run.retryAt())) {
                decide(pass, workloadId, nodeId, run.commandId(), EdgeRun.run(nodeId, newCommandId(), wanted, pass.now, pass.epoch,
                        run.failures()));
            }
            return;
        }
        if (run.outcome() == null) {
            if (!reachedNode) {
                issue(pass, workloadId, run);
            }
        } else if (run.succeeded()) {
            replace(pass, workloadId, run, wanted);
        } else if (!pass.now.isBefore(run.retryAt())) {
            stop(pass, workloadId, run, run.failures());
        }
    }

    /**
     * The run with the agent's answer recorded when this is the first pass to see it, a failure counted with the time
     * to try again; null when another leader changed the run meanwhile.
     */
    private EdgeRun seen(Pass pass, String workloadId, EdgeRun run) {
        Optional<LoggedCommand> answered = pass.logged(run).filter(LoggedCommand::answered);
        if (run.outcome() != null || answered.isEmpty()) {
            return run;
        }
        CommandOutcome answer = answered.get().outcome();
        EdgeRun seen = run.answered(answer, pass.now.plus(settings.backoffAfter(run.failures() + 1)), pass.epoch);
        if (!write(pass, workloadId, run.nodeId(), run.commandId(), seen)) {
            return null;
        }
        LOG.info("edge actuation: {} of workload {} on node {} {}{}", run.action(), workloadId, run.nodeId(), answer.status(),
                seen.retryAt() == null ? "" : " (failure " + seen.failures() + " in a row; tried again at " + seen.retryAt() + "): "
                        + answer.message());
        return seen;
    }

    private void stop(Pass pass, String workloadId, EdgeRun run, int failures) {
        decide(pass, workloadId, run.nodeId(), run.commandId(), EdgeRun.stop(run.nodeId(), newCommandId(), run.spec(), pass.now,
                pass.epoch, failures));
    }

    /** Nothing of the workload runs on the node now: its run is forgotten, for a new one of what is wanted if anything is. */
    private void replace(Pass pass, String workloadId, EdgeRun run, RunSpec wanted) {
        decide(pass, workloadId, run.nodeId(), run.commandId(), wanted == null ? null
                : EdgeRun.run(run.nodeId(), newCommandId(), wanted, pass.now, pass.epoch, 0));
    }

    /**
     * Records what is decided for the node ({@code decided}; null forgets its run) over the command it replaces, then
     * issues it; nothing when another leader decided first.
     */
    private void decide(Pass pass, String workloadId, String nodeId, String replacedCommandId, EdgeRun decided) {
        if (!leadership.holds(WORK, pass.epoch)) {
            throw new LostLead();
        }
        if (write(pass, workloadId, nodeId, replacedCommandId, decided) && decided != null) {
            issue(pass, workloadId, decided);
        }
    }

    private boolean write(Pass pass, String workloadId, String nodeId, String expectedCommandId, EdgeRun run) {
        withRuns.add(workloadId);
        return runs.executeOnKey(workloadId, new RecordEdgeRun(nodeId, expectedCommandId, run, pass.epoch));
    }

    private void issue(Pass pass, String workloadId, EdgeRun run) {
        NodeCommand command = run.isRun()
                ? new NodeCommand.RunWorkload(run.commandId(), 1, pass.now, workloadId, run.spec().image(), run.spec().runtime(),
                        run.spec().cpuMillis(), run.spec().memoryMiB())
                : new NodeCommand.StopWorkload(run.commandId(), 1, pass.now, workloadId);
        Optional<NodeCommand> issued = commands.issueFromController(run.nodeId(), command);
        if (issued.isEmpty()) {
            pass.full.add(run.nodeId());
            if (fullNodes.add(run.nodeId())) {
                LOG.warn("edge actuation: node {} has heliostat.nodes.commands.max-pending commands its agent has not answered;"
                        + " its runs and stops wait, and are issued once it answers some", run.nodeId());
            }
            return;
        }
        if (fullNodes.remove(run.nodeId())) {
            LOG.info("edge actuation: node {} takes commands again", run.nodeId());
        }
        LOG.info("edge actuation: {} of workload {} on node {} issued as command {} (sequence {})", run.action(), workloadId,
                run.nodeId(), run.commandId(), issued.get().sequence());
    }

    /**
     * How the workload is actuated on each edge node: one view per replica placed on an edge node, then one per edge
     * node it has left while its stop is under way. Read from the shared state and the nodes' command logs as they
     * are now, so an agent's answer shows at once.
     */
    public List<ReplicaActuation> actuation(PlacedWorkload placed) {
        WorkloadSpec spec = placed.spec();
        EdgeRuns told = runs.get(spec.id());
        List<EdgeRun> toldRuns = told == null ? List.of() : told.runs();
        Set<String> toldNodes = new HashSet<>();
        toldRuns.forEach(run -> toldNodes.add(run.nodeId()));
        Map<String, CommandLog> logs = commands.logs(toldNodes);
        Instant now = clock.instant();
        List<ReplicaActuation> views = new ArrayList<>();
        Set<String> placedOn = new HashSet<>();
        for (ReplicaDecision replica : placed.decision().replicas()) {
            Node node = replica.node() == null ? null : edgeNodes.get(replica.node());
            if (node == null) {
                continue;
            }
            placedOn.add(node.id());
            Optional<EdgeRun> run = told == null ? Optional.empty() : told.on(node.id());
            views.add(run.map(found -> view(replica.replica(), found, logs)).orElseGet(() -> notRun(spec, replica, node, now)));
        }
        toldRuns.stream().filter(run -> !placedOn.contains(run.nodeId())).forEach(run -> views.add(view(null, run, logs)));
        return views;
    }

    private static ReplicaActuation view(String replica, EdgeRun run, Map<String, CommandLog> logs) {
        Optional<LoggedCommand> logged = Optional.ofNullable(logs.get(run.nodeId())).flatMap(log -> log.find(run.commandId()));
        CommandOutcome outcome = logged.filter(LoggedCommand::answered).map(LoggedCommand::outcome).orElse(run.outcome());
        String waiting = logged.isPresent() || run.outcome() != null ? "issued; its agent has not answered yet"
                : "decided, not yet in the node's command log: it waits for room there (heliostat.nodes.commands.max-pending)"
                        + " or for the leader's next pass";
        String retry = run.outcome() != null && run.retryAt() != null ? "tried again at " + run.retryAt()
                + " (failure " + run.failures() + " in a row)" : "tried again after the back-off";
        String state;
        String message;
        if (run.isRun()) {
            state = outcome == null ? ReplicaActuation.PENDING
                    : CommandOutcome.SUCCEEDED.equals(outcome.status()) ? ReplicaActuation.RUNNING : ReplicaActuation.FAILED;
            message = outcome == null ? "run " + waiting
                    : state.equals(ReplicaActuation.RUNNING) ? outcome.message()
                    : "run " + outcome.status() + ": " + outcome.message() + "; " + retry;
        } else {
            state = outcome != null && CommandOutcome.SUCCEEDED.equals(outcome.status()) ? ReplicaActuation.STOPPED
                    : ReplicaActuation.STOPPING;
            message = outcome == null ? "stop " + waiting + " (a lost node's agent answers once it is back)"
                    : state.equals(ReplicaActuation.STOPPED) ? outcome.message()
                    : "stop " + outcome.status() + ": " + outcome.message() + "; " + retry;
        }
        return new ReplicaActuation(replica, run.nodeId(), state, run.spec().runtime(), run.commandId(), message);
    }

    /** A replica on an edge node that the controller has told nothing of it yet, and why. */
    private ReplicaActuation notRun(WorkloadSpec spec, ReplicaDecision replica, Node node, Instant now) {
        if (spec.image() == null) {
            return new ReplicaActuation(replica.replica(), node.id(), ReplicaActuation.NOT_ACTUATED, null, null,
                    "the workload names no image: it is placed, but not run on edge nodes");
        }
        Optional<SandboxRuntime> runtime = sandboxes.on(spec, node);
        if (runtime.isEmpty()) {
            return new ReplicaActuation(replica.replica(), node.id(), ReplicaActuation.NOT_ACTUATED, null, null, "node " + node.id()
                    + " offers no sandbox runtime that the workload and its policy accept (it offers "
                    + node.runtimes().stream().map(SandboxRuntime::id).sorted().toList() + ")");
        }
        return switch (window(spec, replica, now)) {
            case BEFORE -> new ReplicaActuation(replica.replica(), node.id(), ReplicaActuation.SCHEDULED, runtime.get().id(), null,
                    "runs from " + replica.startAt());
            case AFTER -> new ReplicaActuation(replica.replica(), node.id(), ReplicaActuation.FINISHED, runtime.get().id(), null,
                    "ran until " + replica.startAt().plus(spec.duration()));
            case DUE -> new ReplicaActuation(replica.replica(), node.id(), ReplicaActuation.PENDING, runtime.get().id(), null,
                    settings.enabled() ? "to be run at the leader's next pass"
                            : "to be run by the leader; edge actuation is off on this member (heliostat.actuation.edge.enabled)");
        };
    }

    private static String newCommandId() {
        return "edge-" + UUID.randomUUID();
    }

    private static Set<String> actuatedOf(Map<String, Boolean> changes) {
        Set<String> ids = new HashSet<>();
        changes.forEach((id, actuated) -> {
            if (actuated) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Whether anything of the workload runs on edge nodes at some time: it has an image and a replica on one. */
    private boolean actuated(PlacedWorkload placed) {
        return placed.spec().image() != null
                && placed.decision().replicas().stream().anyMatch(replica -> replica.node() != null && edgeNodes.containsKey(replica.node()));
    }

    /**
     * What should run of the workload now, by edge node: nothing without an image; one run per edge node with a
     * replica of it (a batch job's from its start until it ends), in the runtime the node would give it.
     */
    private Map<String, RunSpec> wanted(PlacedWorkload placed, Instant now) {
        WorkloadSpec spec = placed.spec();
        if (spec.image() == null) {
            return Map.of();
        }
        Map<String, RunSpec> byNode = new LinkedHashMap<>();
        for (ReplicaDecision replica : placed.decision().replicas()) {
            Node node = replica.node() == null ? null : edgeNodes.get(replica.node());
            if (node == null || byNode.containsKey(node.id()) || window(spec, replica, now) != Window.DUE) {
                continue;
            }
            sandboxes.on(spec, node).ifPresent(runtime -> byNode.put(node.id(), runSpec(spec, runtime)));
        }
        return byNode;
    }

    private enum Window { BEFORE, DUE, AFTER }

    /** Where now falls in a replica's run: services are always due; a batch job from its start until it ends. */
    private static Window window(WorkloadSpec spec, ReplicaDecision replica, Instant now) {
        if (!spec.isJob() || replica.startAt() == null) {
            return Window.DUE;
        }
        return now.isBefore(replica.startAt()) ? Window.BEFORE
                : now.isBefore(replica.startAt().plus(spec.duration())) ? Window.DUE : Window.AFTER;
    }

    private static RunSpec runSpec(WorkloadSpec spec, SandboxRuntime runtime) {
        String cpu = spec.requests().cpu();
        String memory = spec.requests().memory();
        return new RunSpec(spec.image(), runtime.id(), cpu == null ? 0 : Quantities.requestCpuMillis(cpu),
                memory == null ? 0 : Quantities.requestMebibytes(memory));
    }

    @Override
    public void close() {
        if (stopObserving != null) {
            stopObserving.run();
            changePasses.shutdownNow();
        }
    }
}
