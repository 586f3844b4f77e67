package io.heliostat.agent.hono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;

/**
 * The test's side of the {@link AdapterBroker}: an AMQP 1.0 client (vertx-proton, as Hono's own clients use) that
 * reads what the agent sends to an address and sends it commands, as Hono's adapter would hand them on: to
 * {@code command}, with a subject, a correlation id and a reply-to address under {@code command_response}.
 */
public final class Application implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final ProtonConnection connection;

    public Application(int port) {
        CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
        vertx.runOnContext(go -> ProtonClient.create(vertx).connect(new ProtonClientOptions().addEnabledSaslMechanism("PLAIN"),
                "127.0.0.1", port, AdapterBroker.APPLICATION, AdapterBroker.APPLICATION_PASSWORD, connected -> {
                    if (connected.failed()) {
                        opened.completeExceptionally(connected.cause());
                        return;
                    }
                    connected.result().openHandler(open -> {
                        if (open.succeeded()) {
                            opened.complete(open.result());
                        } else {
                            opened.completeExceptionally(open.cause());
                        }
                    }).open();
                }));
        connection = await(opened);
    }

    /** Every message that comes to {@code address} from now on, in the order it comes; each is accepted. */
    public List<Message> receive(String address) {
        return attach(address, true, message -> { }).messages();
    }

    /**
     * Hands every message that comes to {@code address} from now on to {@code handler}, in the order it comes, on the
     * client's event loop (which the handler must not block); each is accepted.
     */
    public void receive(String address, Consumer<Message> handler) {
        attach(address, true, handler);
    }

    /** A receiver that takes messages only as the test gives it credit, {@link Credited#flow}; each is accepted. */
    Credited receiveOnCredit(String address) {
        return attach(address, false, message -> { });
    }

    final class Credited {

        private final ProtonReceiver receiver;
        private final List<Message> messages = new CopyOnWriteArrayList<>();

        private Credited(ProtonReceiver receiver) {
            this.receiver = receiver;
        }

        List<Message> messages() {
            return messages;
        }

        /** Lets {@code messages} more come. */
        void flow(int credit) {
            vertx.runOnContext(go -> receiver.flow(credit));
        }
    }

    private Credited attach(String address, boolean prefetch, Consumer<Message> handler) {
        CompletableFuture<Credited> attached = new CompletableFuture<>();
        vertx.runOnContext(go -> {
            ProtonReceiver receiver = connection.createReceiver(address);
            Credited credited = new Credited(receiver);
            if (!prefetch) {
                receiver.setPrefetch(0);
            }
            receiver.handler((delivery, message) -> {
                credited.messages.add(message);
                handler.accept(message);
            }).openHandler(open -> {
                if (open.succeeded()) {
                    attached.complete(credited);
                } else {
                    attached.completeExceptionally(open.cause());
                }
            }).open();
        });
        return await(attached);
    }

    /** Sends a JSON command to the device as the adapter would, and waits until the broker has accepted it. */
    void sendCommand(String subject, byte[] body, String correlationId, String replyTo) {
        sendCommand(subject, "application/json", body, correlationId, replyTo);
    }

    /** Sends a command to the device as the adapter would, and waits until the broker has accepted it. */
    public void sendCommand(String subject, String contentType, byte[] body, String correlationId, String replyTo) {
        Message message = ProtonHelper.message();
        message.setAddress("command");
        message.setSubject(subject);
        message.setCorrelationId(correlationId);
        message.setReplyTo(replyTo);
        message.setContentType(contentType);
        message.setBody(new Data(new Binary(body)));
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        vertx.runOnContext(go -> {
            ProtonSender sender = connection.createSender("command");
            sender.openHandler(open -> {
                if (open.failed()) {
                    accepted.completeExceptionally(open.cause());
                    return;
                }
                sender.send(message, delivery -> {
                    if (delivery.getRemoteState() instanceof Accepted) {
                        accepted.complete(null);
                    } else {
                        accepted.completeExceptionally(new IllegalStateException("command not accepted: " + delivery.getRemoteState()));
                    }
                    sender.close();
                });
            }).open();
        });
        await(accepted);
    }

    void sendCommand(String subject, String json, String correlationId, String replyTo) {
        sendCommand(subject, json.getBytes(StandardCharsets.UTF_8), correlationId, replyTo);
    }

    public static String text(Message message) {
        Binary body = ((Data) message.getBody()).getValue();
        return new String(body.getArray(), body.getArrayOffset(), body.getLength(), StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test's AMQP client", e);
        }
    }

    @Override
    public void close() {
        vertx.runOnContext(go -> connection.close());
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
