package io.heliostat.controller.hono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks Kafka for a topic's partitions the way a client about to use it does, so that a broker that creates topics on
 * demand (as it does for Hono's adapters) creates it now. A telemetry consumer that joins its group before its topic
 * exists is given the partitions only at a later metadata refresh and, starting at the latest offset, would skip the
 * reports written meanwhile; one that joins after the topic exists reads every report written after it joined.
 */
final class TopicProbe implements AutoCloseable {

    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param common bootstrap servers and security, as every client of Hono's Kafka has them */
    TopicProbe(Map<String, String> common) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, common.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-topic-probe");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "true");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Whether the topic exists now; blocks for up to about two seconds (Kafka unreachable, or the topic being created). */
    boolean exists(String topic) {
        try {
            return !consumer.partitionsFor(topic, ATTEMPT).isEmpty();
        } catch (KafkaException e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
