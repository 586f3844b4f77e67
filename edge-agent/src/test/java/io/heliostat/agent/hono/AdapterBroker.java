package io.heliostat.agent.hono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * The device side of Hono's AMQP adapter, as the agent meets it, played by an embedded ActiveMQ Artemis broker: an
 * AMQP 1.0 acceptor on a free loopback port, SASL PLAIN against its own users ({@value #USERNAME}, and
 * {@value #APPLICATION} for the test's side), and queues that keep what is sent to {@code telemetry},
 * {@code command} and each {@code command_response/...} address, made when first used. It can be stopped and
 * started again on the same port. What it accepts it keeps across a restart, as the real adapter, which accepts a
 * message once Kafka has it, would: every message is made durable, and the journal is on disk.
 *
 * <p>Each message carries the login it came in on, in the application property {@value #LOGIN_PROPERTY}, as Hono's
 * adapter knows a message's device from its connection and never from the message itself.
 */
public final class AdapterBroker implements AutoCloseable {

    static final String TENANT = "tenant-a";
    static final String DEVICE = "gw-1";
    static final String USERNAME = DEVICE + "@" + TENANT;
    static final String PASSWORD = "correct-horse-battery";
    static final String APPLICATION = "application";
    static final String APPLICATION_PASSWORD = "application-secret";
    /** The property holding the user a message was sent by ({@code device@tenant} for a device): Artemis' own name for it. */
    public static final String LOGIN_PROPERTY = "_AMQ_VALIDATED_USER";

    private final Path journal;
    private final int port;
    private final SecurityConfiguration users = new SecurityConfiguration();
    private long telemetryLimit = -1;
    private ActiveMQServer server;

    public AdapterBroker(Path journal) {
        this.journal = journal;
        this.port = freePort();
        users.addUser(USERNAME, PASSWORD);
        users.addRole(USERNAME, "device");
        users.addUser(APPLICATION, APPLICATION_PASSWORD);
        users.addRole(APPLICATION, "device");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("amqp://127.0.0.1:" + port);
    }

    /**
     * From the next start, {@code telemetry} holds at most {@code messages} messages and rejects what comes beyond them
     * (Artemis' FAIL policy: the AMQP outcome is Rejected, as Hono's adapter rejects what it cannot forward).
     */
    AdapterBroker holdingTelemetry(long messages) {
        telemetryLimit = messages;
        return this;
    }

    /** Changes a user's password, or adds the user; the next login sees it. */
    void password(String username, String password) {
        users.removeUser(username);
        users.addUser(username, password);
        users.addRole(username, "device");
    }

    /** Lets device {@code device} of {@code tenant} log in, as {@code device@tenant}, with {@code password}. */
    public AdapterBroker withDevice(String tenant, String device, String password) {
        password(device + "@" + tenant, password);
        return this;
    }

    public AdapterBroker start() {
        try {
            Configuration config = new ConfigurationImpl().setName("hono-adapter-" + port).setPersistenceEnabled(true)
                    .setJournalType(JournalType.NIO).setJournalDirectory(journal.resolve("journal").toString())
                    .setBindingsDirectory(journal.resolve("bindings").toString()).setPagingDirectory(journal.resolve("paging").toString())
                    .setLargeMessagesDirectory(journal.resolve("large").toString()).setSecurityEnabled(true)
                    .setSecurityInvalidationInterval(0).setJMXManagementEnabled(false)
                    .addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP;saslMechanisms=PLAIN")
                    .addAddressSetting("#", addressSettings())
                    .addAddressSetting("telemetry", addressSettings().setMaxSizeMessages(telemetryLimit)
                            .setAddressFullMessagePolicy(AddressFullMessagePolicy.FAIL))
                    .putSecurityRoles("#", Set.of(new Role("device", true, true, true, false, true, true, false, true, true, false)));
            config.registerBrokerPlugin(new ActiveMQServerMessagePlugin() {
                @Override
                public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
                        throws ActiveMQException {
                    message.setDurable(true);
                    // Over whatever the sender put there. Artemis' populate-validated-user does this for core messages only,
                    // and an AMQP message goes out as it came in unless encoded anew.
                    message.putStringProperty(LOGIN_PROPERTY, session.getValidatedUser());
                    message.reencode();
                }
            });
            server = ActiveMQServers.newActiveMQServer(config, null, new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
            server.start();
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("the Artemis broker does not start on port " + port, e);
        }
    }

    private static AddressSettings addressSettings() {
        return new AddressSettings().setAutoCreateAddresses(true).setAutoCreateQueues(true).setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false).setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST);
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the Artemis broker does not stop", e);
        }
    }

    @Override
    public void close() {
        if (server != null && server.isStarted()) {
            stop();
        }
    }
}
