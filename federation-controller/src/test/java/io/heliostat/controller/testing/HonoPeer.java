package io.heliostat.controller.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hono's side of its Kafka topics, for tests: it writes telemetry as Hono's protocol adapters do (key and
 * {@code device_id} header the device, {@code content-type}, {@code creation-time}, {@code qos}; header values that
 * are not strings in their JSON form) and plays the devices that answer commands, as Hono's command router and a
 * device together do.
 */
public final class HonoPeer implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    public HonoPeer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        // Long enough to outlast a broker restart: a record sent meanwhile waits for it.
        properties.put("delivery.timeout.ms", "60000");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends a device's telemetry as Hono's AMQP adapter writes it; the future completes when Kafka has it. */
    public Future<RecordMetadata> telemetry(String tenant, String deviceId, String contentType, String body) {
        return telemetry(tenant, deviceId, Map.of("device_id", deviceId, "content-type", contentType), body);
    }

    /** Sends a telemetry record with exactly these Hono headers (and creation-time and qos). */
    public Future<RecordMetadata> telemetry(String tenant, String key, Map<String, String> headers, String body) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("hono.telemetry." + tenant, key,
                body.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, value) -> header(record.headers(), name, value));
        header(record.headers(), "creation-time", Long.toString(System.currentTimeMillis()));
        header(record.headers(), "qos", "0");
        return producer.send(record);
    }

    /** Sends telemetry and waits until Kafka has it. */
    public RecordMetadata telemetryNow(String tenant, String deviceId, String contentType, String body) {
        try {
            return telemetry(tenant, deviceId, contentType, body).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers the commands sent to {@code tenant}'s devices: each goes to {@code answer}, and its response, if any,
     * to {@code hono.command_response.<tenant>} with the command's correlation id. An answer that comes later, such
     * as a real device's, goes there through {@link #commandResponse}.
     */
    public Devices answer(String tenant, Function<Command, Optional<Response>> answer) {
        return new Devices(tenant, answer);
    }

    /** A command as the device sees it, headers decoded. */
    public record Command(String key, String deviceId, String subject, String correlationId, String responseRequired,
                          String contentType, String body) {
    }

    /** What a device answers: an HTTP-like status, and a body of the content type. */
    public record Response(int status, String contentType, String body) {
    }

    /** The devices of one tenant, answering in a thread of their own until closed. */
    public final class Devices implements AutoCloseable {

        private final String tenant;
        private final Function<Command, Optional<Response>> answer;
        private final KafkaConsumer<String, String> consumer;
        private final List<Command> received = new CopyOnWriteArrayList<>();
        private final Thread thread;

        private Devices(String tenant, Function<Command, Optional<Response>> answer) {
            this.tenant = tenant;
            this.answer = answer;
            Properties properties = new Properties();
            properties.put("bootstrap.servers", bootstrapServers);
            properties.put("group.id", "devices-" + UUID.randomUUID());
            // A command sent before this consumer has its partition is still answered.
            properties.put("auto.offset.reset", "earliest");
            this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of("hono.command." + tenant));
            this.thread = new Thread(this::run, "hono-devices-" + tenant);
            thread.start();
        }

        private void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        Command command = new Command(record.key(), text(record.headers(), "device_id"),
                                text(record.headers(), "subject"), text(record.headers(), "correlation-id"),
                                text(record.headers(), "response-required"), text(record.headers(), "content-type"), record.value());
                        received.add(command);
                        answer.apply(command).ifPresent(response -> commandResponse(tenant, command.deviceId(),
                                command.correlationId(), response));
                    }
                }
            } catch (WakeupException closing) {
                // close() stops the poll
            } finally {
                consumer.close();
            }
        }

        /** Every command received so far. */
        public List<Command> received() {
            return List.copyOf(received);
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(10_000);
        }
    }

    /**
     * Sends a device's answer to the command with {@code correlationId} to {@code hono.command_response.<tenant>}, as
     * Hono's adapter writes it; the future completes when Kafka has it.
     */
    public Future<RecordMetadata> commandResponse(String tenant, String deviceId, String correlationId, Response response) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("hono.command_response." + tenant, deviceId,
                response.body().getBytes(StandardCharsets.UTF_8));
        header(record.headers(), "correlation-id", correlationId);
        header(record.headers(), "device_id", deviceId);
        header(record.headers(), "tenant_id", tenant);
        header(record.headers(), "status", Integer.toString(response.status()));
        header(record.headers(), "content-type", response.contentType());
        header(record.headers(), "creation-time", Long.toString(System.currentTimeMillis()));
        return producer.send(record);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
