package io.heliostat.agent;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.heliostat.agent.command.CommandIntake;
import io.heliostat.agent.command.CommandPoller;
import io.heliostat.agent.link.ControllerLink;
import io.heliostat.agent.link.ReportLink;

/** The controller's REST API: reports posted to it, commands polled from it every {@code commands.poll-interval}. */
final class HttpTransport implements Transport {

    private final AgentConfig config;
    private final ControllerLink link;

    HttpTransport(AgentConfig config) {
        this.config = config;
        this.link = new ControllerLink(config.uplink().uri(), config.nodeId(), config.httpTimeout());
    }

    @Override
    public ReportLink reports() {
        return link;
    }

    @Override
    public void takeCommands(CommandIntake intake, ScheduledExecutorService commandThread) {
        CommandPoller poller = new CommandPoller(link, intake);
        long period = config.commandPollInterval().orElseThrow().toMillis();
        commandThread.scheduleWithFixedDelay(() -> EdgeAgent.guarded("polling for commands", poller::poll), period, period,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        // Each request has its own connection from the JDK's keep-alive cache: nothing to let go of.
    }
}
