package io.heliostat.agent.hono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.eclipse.hono.client.ClientErrorException;
import org.eclipse.hono.client.MessageNotProcessedException;
import org.eclipse.hono.client.MessageUndeliverableException;
import org.eclipse.hono.client.SendMessageTimeoutException;
import org.eclipse.hono.client.ServiceInvocationException;
import org.eclipse.hono.client.amqp.config.ClientConfigProperties;
import org.eclipse.hono.client.amqp.connection.HonoConnection;
import org.eclipse.hono.client.device.amqp.AmqpAdapterClient;
import org.eclipse.hono.util.QoS;

import io.heliostat.agent.AgentConfig;
import io.heliostat.agent.Transport;
import io.heliostat.agent.Uplink;
import io.heliostat.agent.command.CommandIntake;
import io.heliostat.agent.forward.Backoff;
import io.heliostat.agent.link.Json;
import io.heliostat.agent.link.ReportJson;
import io.heliostat.agent.link.ReportLink;
import io.heliostat.agent.log.Log;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;

/**
 * The agent as a device of an Eclipse Hono AMQP adapter, through Hono's AMQP device client. It logs in with SASL
 * PLAIN as {@code device@tenant}, sends each report as telemetry (address {@code telemetry}, content type
 * {@value #REPORT_CONTENT_TYPE}) at least once: a report counts as sent only when the adapter settles it Accepted;
 * anything else (Rejected, Released, Modified, no answer, no connection) leaves it in the agent's buffer, to be sent
 * again in order after the back-off. Commands come on the {@code command} link as {@code NodeCommand} JSON; each is
 * answered to its reply-to address (under {@code command_response}) with its correlation id, a Hono status (200
 * succeeded, 400 rejected, 500 failed) and the {@code CommandOutcome} JSON ({@value #OUTCOME_CONTENT_TYPE}).
 *
 * <p>The connection is the agent's to keep: Hono's client is told not to reconnect on its own, so that every failed
 * attempt, a refused password included, is logged with its reason and retried after the agent's back-off
 * ({@code retry.initial-delay} doubling to {@code retry.max-delay}). After a lost connection the agent makes a new
 * client rather than reconnecting the old one: Hono's command consumer stays registered with its connection for
 * good, so a connection object that lived through many outages would hold on to every consumer it ever had. Vert.x
 * runs one event loop, where everything about the connection happens; reports are sent from the agent's reporter
 * thread, which waits for each outcome, and commands run on its command thread.
 */
public final class HonoTransport implements Transport, ReportLink {

    /** A {@code NodeReport} as JSON, named so that the controller tells it from other telemetry of the tenant. */
    public static final String REPORT_CONTENT_TYPE = "application/vnd.heliostat.node-report+json";
    /** A {@code CommandOutcome} as JSON. */
    public static final String OUTCOME_CONTENT_TYPE = "application/vnd.heliostat.command-outcome+json";
    /** Hono's status of a command response, by the outcome's status. */
    public static final int SUCCEEDED = 200;
    public static final int REJECTED = 400;
    public static final int FAILED = 500;

    private final Uplink.HonoAdapter adapter;
    private final String nodeId;
    private final Duration timeout;
    private final Backoff reconnects;
    private final Vertx vertx;
    private final ClientConfigProperties clientConfig;
    /** The connection and its client, replaced after a loss; written on the event loop. */
    private volatile HonoConnection connection;
    private volatile AmqpAdapterClient client;
    /** Whether the current connection has a command link, or is opening one; only touched on the event loop. */
    private boolean commandLink;
    private volatile boolean closed;
    /** Why the agent is not connected; empty while it is. */
    private volatile String connectionProblem;
    private volatile CommandIntake intake;
    private volatile ScheduledExecutorService commandThread;

    public HonoTransport(AgentConfig config) {
        this.adapter = (Uplink.HonoAdapter) config.uplink();
        this.nodeId = config.nodeId();
        this.timeout = config.httpTimeout();
        this.reconnects = new Backoff(config.retryInitialDelay(), config.retryMaxDelay(), new Random());
        // One event loop and no file cache: a gateway has one connection and reads no files through Vert.x.
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        this.clientConfig = clientConfig(adapter, timeout);
        this.connectionProblem = "not connected yet to " + peer();
        newConnection();
        connect();
    }

    private void newConnection() {
        HonoConnection fresh = HonoConnection.newConnection(vertx, clientConfig);
        fresh.addDisconnectListener(this::onDisconnect);
        client = AmqpAdapterClient.create(fresh);
        commandLink = false;
        connection = fresh;
    }

    private static ClientConfigProperties clientConfig(Uplink.HonoAdapter adapter, Duration timeout) {
        ClientConfigProperties properties = new ClientConfigProperties();
        properties.setName("heliostat-edge-agent");
        properties.setServerRole("Hono AMQP adapter");
        properties.setHost(adapter.host());
        properties.setPort(adapter.port());
        properties.setTlsEnabled(adapter.tls());
        properties.setHostnameVerificationRequired(true);
        properties.setUsername(adapter.username());
        properties.setPassword(adapter.password());
        properties.setReconnectAttempts(0);
        int millis = (int) timeout.toMillis();
        properties.setConnectTimeout(millis);
        properties.setLinkEstablishmentTimeout(millis);
        properties.setSendMessageTimeout(millis);
        return properties;
    }

    @Override
    public ReportLink reports() {
        return this;
    }

    @Override
    public String peer() {
        return "Hono AMQP adapter " + adapter.uri();
    }

    // Reports -------------------------------------------------------------------------------------------------------

    @Override
    public Delivery sendReport(NodeReport report) {
        return sendReports(List.of(report));
    }

    /** One at a time, each waiting for its outcome, so that the adapter takes them in order and a failure stops the rest. */
    @Override
    public Delivery sendReports(List<NodeReport> reports) {
        List<String> taken = new ArrayList<>();
        for (NodeReport report : reports) {
            Optional<String> failure = send(report);
            if (failure.isPresent()) {
                return new Delivery(Result.RETRY, failure.get(), taken);
            }
            taken.add(ACCEPTED);
        }
        return new Delivery(Result.DELIVERED, "", taken);
    }

    /** Empty when the adapter accepted the report; else why not. */
    private Optional<String> send(NodeReport report) {
        Future<?> sent = client.sendTelemetry(QoS.AT_LEAST_ONCE, Buffer.buffer(ReportJson.write(report)), REPORT_CONTENT_TYPE,
                null, null, null);
        try {
            // Waiting for the connection, then the link, then the disposition: each up to the timeout.
            sent.toCompletionStage().toCompletableFuture().get(3 * timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(notTaken(report, e.getCause()));
        } catch (TimeoutException e) {
            return Optional.of(peer() + " did not answer report " + report.sequence() + " within " + 3 * timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("sending report " + report.sequence() + " was interrupted: the agent is stopping");
        }
    }

    private String notTaken(NodeReport report, Throwable cause) {
        String problem = connectionProblem;
        if (!problem.isEmpty()) {
            return problem;
        }
        String what = cause instanceof MessageNotProcessedException ? "released"
                : cause instanceof MessageUndeliverableException ? "modified (undeliverable here)"
                : cause instanceof SendMessageTimeoutException ? "not settled within " + timeout.toMillis() + " ms"
                : cause instanceof ClientErrorException rejected ? "rejected (" + rejected.getErrorCode() + " " + rejected.getMessage() + ")"
                : "not taken (" + describe(cause) + ")";
        return peer() + ": report " + report.sequence() + " " + what;
    }

    // Connection ----------------------------------------------------------------------------------------------------

    private void connect() {
        HonoConnection attempting = connection;
        if (closed) {
            return;
        }
        attempting.connect().onComplete(attempt -> {
            if (attempting != connection) {
                return;
            }
            if (attempt.succeeded()) {
                connected();
            } else {
                connectionFailed(attempt.cause());
            }
        });
    }

    /** On the event loop. */
    private void connected() {
        reconnects.succeeded();
        connectionProblem = "";
        Log.info("connected to " + peer() + " as " + adapter.username());
        openCommandLink();
    }

    private void connectionFailed(Throwable cause) {
        if (closed) {
            return;
        }
        Duration wait = reconnects.failed();
        String problem = cause instanceof ServiceInvocationException failure && failure.getErrorCode() == 401
                ? peer() + " refused the credentials of " + adapter.username() + " (" + cause.getMessage()
                + "): check tenant, device and password-file"
                : "cannot connect to " + peer() + ": " + describe(cause);
        if (!problem.equals(connectionProblem)) {
            String retrying = "; reconnecting in " + wait.toMillis() + " ms, and on with a back-off up to the retry.max-delay";
            if (problem.contains("refused the credentials")) {
                Log.severe(problem + retrying);
            } else {
                Log.warning(problem + retrying);
            }
        } else {
            Log.fine(() -> problem + "; reconnecting in " + wait.toMillis() + " ms");
        }
        connectionProblem = problem;
        vertx.setTimer(Math.max(1, wait.toMillis()), timer -> connect());
    }

    /** On the event loop: Hono's client lost the connection; with its own reconnects off, the agent's back-off takes over. */
    private void onDisconnect(HonoConnection lost) {
        if (closed || lost != connection) {
            return;
        }
        newConnection();
        lost.shutdown(shut -> Log.fine(() -> "the lost connection is let go of"));
        connectionProblem = "lost the connection to " + peer();
        Duration wait = reconnects.failed();
        Log.warning(connectionProblem + "; reconnecting in " + wait.toMillis() + " ms");
        vertx.setTimer(Math.max(1, wait.toMillis()), timer -> connect());
    }

    /** Hono's word on a failure and, when it has one, the first cause's: "failed to connect (Connection refused: /10.0.0.7:5671)". */
    private static String describe(Throwable failure) {
        String text = String.valueOf(failure.getMessage());
        Throwable cause = failure.getCause();
        return cause == null || cause == failure ? text : text + " (" + (cause.getMessage() != null ? cause.getMessage() : cause) + ")";
    }

    // Commands ------------------------------------------------------------------------------------------------------

    @Override
    public void takeCommands(CommandIntake intake, ScheduledExecutorService commandThread) {
        this.commandThread = commandThread;
        this.intake = intake;
        // Fails at once while not connected; connected() opens the link then.
        connection.executeOnContext(opened -> {
            openCommandLink();
            opened.complete();
        });
    }

    /** On the event loop, once per connection, once it is up and commands are taken. */
    private void openCommandLink() {
        if (intake == null || commandLink || closed || !connectionProblem.isEmpty()) {
            return;
        }
        commandLink = true;
        client.createCommandConsumer(this::onCommand).onComplete(opened -> {
            if (opened.succeeded()) {
                Log.info("taking commands from " + peer());
            } else {
                commandLink = false;
                Log.warning("cannot open the command link to " + peer() + ": " + describe(opened.cause())
                        + "; commands wait until the agent reconnects");
            }
        });
    }

    /** On the event loop: the command is read and run on the agent's command thread, never here. */
    private void onCommand(Message message) {
        Object correlation = message.getCorrelationId() != null ? message.getCorrelationId() : message.getMessageId();
        String replyTo = message.getReplyTo();
        byte[] body = body(message);
        try {
            commandThread.execute(() -> answer(body, correlation == null ? null : correlation.toString(), replyTo));
        } catch (RejectedExecutionException e) {
            Log.fine(() -> "a command came while the agent was stopping; it is not taken");
        }
    }

    /** The command's bytes: a Data section, or a string or binary value; empty when it has none of them. */
    private static byte[] body(Message message) {
        if (message.getBody() instanceof Data data && data.getValue() != null) {
            return copy(data.getValue());
        }
        if (message.getBody() instanceof AmqpValue value) {
            if (value.getValue() instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            if (value.getValue() instanceof Binary binary) {
                return copy(binary);
            }
        }
        return new byte[0];
    }

    private static byte[] copy(Binary binary) {
        byte[] bytes = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, binary.getLength());
        return bytes;
    }

    /** On the command thread. */
    private void answer(byte[] body, String correlationId, String replyTo) {
        String replyId = correlationId == null ? "unknown" : correlationId;
        CommandOutcome outcome;
        try {
            outcome = intake.take(body, replyId);
        } catch (IOException e) {
            outcome = new CommandOutcome(replyId, 0, nodeId, CommandOutcome.FAILED, "the agent could not keep its state: "
                    + e.getMessage(), null, Clock.systemUTC().instant(), List.of());
        }
        if (replyTo == null || correlationId == null) {
            Log.warning("command " + outcome.commandId() + " came without a reply-to address and correlation id; its outcome ("
                    + outcome.status() + ") cannot be sent");
            return;
        }
        int status = switch (outcome.status()) {
            case CommandOutcome.SUCCEEDED -> SUCCEEDED;
            case CommandOutcome.REJECTED -> REJECTED;
            default -> FAILED;
        };
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(outcome);
        } catch (IOException e) {
            Log.severe("the outcome of command " + outcome.commandId() + " cannot be written", e);
            return;
        }
        String commandId = outcome.commandId();
        client.sendCommandResponse(replyTo, correlationId, status, Buffer.buffer(json), OUTCOME_CONTENT_TYPE, null)
                .onFailure(e -> Log.warning("the outcome of command " + commandId + " was not taken by " + peer() + ": " + describe(e)
                        + "; the application sees its request time out"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public void close() {
        closed = true;
        connection.shutdown();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.fine(() -> "stopping Vert.x: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
