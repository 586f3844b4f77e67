package io.heliostat.agent;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ScheduledExecutorService;

import io.heliostat.agent.command.CommandIntake;
import io.heliostat.agent.link.ReportLink;

/**
 * How the agent reaches its {@link Uplink}: reports go out through {@link #reports()} (behind the store-and-forward
 * buffer), commands come in through {@link #takeCommands}. {@link HttpTransport} polls the controller;
 * {@code io.heliostat.agent.hono.HonoTransport} is pushed commands by a Hono AMQP adapter. The Hono one is only in
 * heliostat-edge-agent-hono.jar, with Vert.x, Netty and Proton: it is found by name so that the HTTP-only jar, which
 * leaves them out, never links to it.
 */
public interface Transport extends AutoCloseable {

    String HONO_TRANSPORT = "io.heliostat.agent.hono.HonoTransport";
    String HONO_MISSING = "hono.amqp: this is heliostat-edge-agent.jar, which reports over HTTP only; the Eclipse Hono AMQP"
            + " transport is in heliostat-edge-agent-hono.jar: run java -jar heliostat-edge-agent-hono.jar with the same settings";

    ReportLink reports();

    /** Starts handing commands to {@code intake}, one at a time on {@code commandThread}, until {@link #close()}. */
    void takeCommands(CommandIntake intake, ScheduledExecutorService commandThread);

    /** Stops taking commands and lets go of the link; reports not yet sent stay in the buffer. */
    @Override
    void close();

    /** Whether this jar has the Hono transport. */
    static boolean honoAvailable() {
        try {
            Class.forName(HONO_TRANSPORT, false, Transport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The transport for the configured uplink, started: a Hono one begins to connect at once. */
    static Transport open(AgentConfig config) throws IOException {
        if (config.uplink() instanceof Uplink.HonoAdapter) {
            try {
                return Class.forName(HONO_TRANSPORT).asSubclass(Transport.class).getConstructor(AgentConfig.class).newInstance(config);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException(HONO_MISSING, e);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("starting the Hono transport: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(HONO_TRANSPORT + " cannot be made", e);
            }
        }
        return new HttpTransport(config);
    }
}
