package io.heliostat.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.heliostat.agent.collect.Absences;
import io.heliostat.agent.collect.NodeSampler;
import io.heliostat.agent.command.CommandExecutor;
import io.heliostat.agent.command.CommandIntake;
import io.heliostat.agent.command.CommandState;
import io.heliostat.agent.forward.Backoff;
import io.heliostat.agent.forward.ReportBuffer;
import io.heliostat.agent.forward.ReportForwarder;
import io.heliostat.agent.forward.SequenceFile;
import io.heliostat.agent.log.Log;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;

/**
 * A running agent: one thread samples the node and sends each report (the first at once, then every interval with
 * jitter) and resends what the peer missed; another takes commands, polled or pushed as the {@link Transport} has
 * them. Started by {@link #start}, stopped by {@link #close}.
 */
public final class EdgeAgent implements AutoCloseable {

    /** What a drained node's reports carry, so that the controller places nothing new on it. */
    public static final NodeTaint DRAINING = new NodeTaint("heliostat.io/draining", "true", "NoSchedule");

    private final AgentConfig config;
    private final FileChannel lockChannel;
    private final SequenceFile sequence;
    private final CommandState commandState;
    private final NodeSampler sampler;
    private final Transport transport;
    private final ReportForwarder forwarder;
    private final ScheduledExecutorService reporter;
    private final ScheduledExecutorService commands;
    private volatile Duration reportInterval;
    private ScheduledFuture<?> nextReport;
    private ScheduledFuture<?> nextDrain;

    private EdgeAgent(AgentConfig config, FileChannel lockChannel, Transport transport) throws IOException {
        this.config = config;
        this.lockChannel = lockChannel;
        this.transport = transport;
        this.reportInterval = config.reportInterval();
        Path state = config.bufferDirectory();
        this.sequence = SequenceFile.open(state);
        this.commandState = CommandState.open(state);
        this.sampler = sampler(config);
        this.forwarder = new ReportForwarder(transport.reports(), ReportBuffer.open(state.resolve("buffer"), config.bufferMaxReports()),
                new Backoff(config.retryInitialDelay(), config.retryMaxDelay(), new Random()), System::nanoTime);
        this.reporter = scheduler("heliostat-reporter");
        this.commands = config.commandPollInterval().isPresent() ? scheduler("heliostat-commands") : null;
        if (commands != null) {
            CommandExecutor executor = new CommandExecutor(config.nodeId(), commandState,
                    new CommandExecutor.WorkloadCommands(config.runCommand(), config.stopCommand(), config.workloadCommandTimeout()),
                    this::setReportInterval, state.resolve("work"), Clock.systemUTC());
            transport.takeCommands(new CommandIntake(executor, commandState), commands);
        }
    }

    /**
     * Starts an agent: takes the state directory (one agent per directory), picks up the sequence and the reports a
     * previous run left, and sends the first report at once.
     */
    public static EdgeAgent start(AgentConfig config) throws IOException {
        Files.createDirectories(config.bufferDirectory());
        FileChannel lockChannel = FileChannel.open(config.bufferDirectory().resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another agent is running with buffer.directory " + config.bufferDirectory().toAbsolutePath());
        }
        EdgeAgent agent;
        Transport transport = null;
        try {
            transport = Transport.open(config);
            agent = new EdgeAgent(config, lockChannel, transport);
        } catch (IOException | RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            lockChannel.close();
            throw e;
        }
        synchronized (agent) {
            agent.nextReport = agent.reporter.schedule(agent::reportNow, 0, TimeUnit.MILLISECONDS);
        }
        Log.info("agent for node " + config.nodeId() + " (cluster " + config.cluster() + ") reporting to " + agent.transport.reports().peer()
                + " every " + AgentConfig.format(config.reportInterval()) + ", from sequence " + (agent.sequence.last() + 1)
                + (agent.forwarder.buffered() > 0 ? ", " + agent.forwarder.buffered() + " reports buffered" : ""));
        return agent;
    }

    /** One thread; what is scheduled and not yet due is dropped at shutdown rather than run. */
    private static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> new Thread(runnable, name));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    static NodeSampler sampler(AgentConfig config) {
        return new NodeSampler(config.procRoot(), config.sysRoot(), config.diskPath(), config.runtimes(), config.runtimesPath(),
                config.probeTargets(), config.probeTimeout(), config.power(), new Absences());
    }

    /** A report of this node now, with the given sequence: what the agent sends, and what {@code --print-report} shows. */
    static NodeReport report(AgentConfig config, NodeSampler sampler, long sequence, boolean drained) {
        NodeSampler.NodeSample sample = sampler.sample(System.nanoTime());
        List<NodeTaint> taints = new ArrayList<>(config.taints());
        if (drained) {
            taints.add(DRAINING);
        }
        return new NodeReport(NodeReport.VERSION, config.nodeId(), sequence, Clock.systemUTC().instant(), config.cluster(),
                sample.capacity(), sample.used(), sample.power(), sample.temperatureCelsius().orElse(null), sample.runtimes(),
                sample.dpus(), sample.rttMs(), config.labels(), taints);
    }

    public AgentStatus status() {
        ReportForwarder.Counts counts = forwarder.counts();
        return new AgentStatus(config.nodeId(), sequence.last(), counts.lastAcknowledged(), forwarder.buffered(), forwarder.summarised(),
                counts.accepted(), counts.duplicates(), counts.outOfOrder(), counts.rejected(), counts.failedAttempts(), forwarder.problem(),
                reportInterval, commandState.drained(), commandState.lastCommandSequence());
    }

    /** Reports every {@code interval} from the next report on. */
    public void setReportInterval(Duration interval) {
        reportInterval = interval;
        synchronized (this) {
            if (reporter.isShutdown()) {
                return;
            }
            // On the reporter's thread, so that no report is under way while the next one is moved.
            reporter.execute(() -> {
                synchronized (this) {
                    if (!reporter.isShutdown() && nextReport != null && nextReport.cancel(false)) {
                        nextReport = reporter.schedule(this::reportNow, jittered(), TimeUnit.MILLISECONDS);
                    }
                }
            });
        }
        Log.info("reporting every " + AgentConfig.format(interval));
    }

    private void reportNow() {
        guarded("reporting", () -> forwarder.submit(report(config, sampler, sequence.next(), commandState.drained())));
        synchronized (this) {
            if (!reporter.isShutdown()) {
                nextReport = reporter.schedule(this::reportNow, jittered(), TimeUnit.MILLISECONDS);
                scheduleDrain();
            }
        }
    }

    private void drain() {
        synchronized (this) {
            nextDrain = null;
        }
        guarded("sending buffered reports", forwarder::drain);
        synchronized (this) {
            if (!reporter.isShutdown()) {
                scheduleDrain();
            }
        }
    }

    /** While reports wait, a resend is due when the back-off is over, between reports. */
    private void scheduleDrain() {
        if (forwarder.buffered() > 0 && nextDrain == null) {
            nextDrain = reporter.schedule(this::drain, Math.max(1, forwarder.untilNextAttempt().toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private long jittered() {
        long interval = reportInterval.toMillis();
        long spread = Math.round(interval * config.reportJitter());
        return interval + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1));
    }

    interface Step {
        void run() throws IOException;
    }

    /** Nothing a step throws may end the agent's threads: it is logged, and the next round tries again. */
    static void guarded(String what, Step step) {
        try {
            step.run();
        } catch (IOException e) {
            Log.severe(what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            Log.severe(what + " failed", e);
        }
    }

    /** Stops reporting and taking commands, letting a report or command under way finish, and closes the transport. */
    @Override
    public void close() {
        synchronized (this) {
            reporter.shutdown();
        }
        if (commands != null) {
            commands.shutdown();
        }
        try {
            reporter.awaitTermination(30, TimeUnit.SECONDS);
            if (commands != null) {
                commands.awaitTermination(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        try {
            lockChannel.close();
        } catch (IOException e) {
            Log.fine(() -> "lock file: " + e.getMessage());
        }
    }
}
