package io.heliostat.controller.hono;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.hono.application.client.kafka.impl.KafkaApplicationClientImpl;
import org.eclipse.hono.client.kafka.CommonKafkaClientConfigProperties;
import org.eclipse.hono.client.kafka.HonoTopic;
import org.eclipse.hono.client.kafka.consumer.MessagingKafkaConsumerConfigProperties;
import org.eclipse.hono.client.kafka.producer.CachingKafkaProducerFactory;
import org.eclipse.hono.client.kafka.producer.MessagingKafkaProducerConfigProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.command.NodeCommands;
import io.heliostat.controller.node.ReportIntake;
import io.heliostat.controller.rest.JsonBodies;

/**
 * The controller as an Eclipse Hono application, on Hono's Kafka cluster: it reads every configured tenant's telemetry
 * ({@link HonoTelemetry}) and sends commands to devices ({@link HonoCommandSender}), through Hono's own Kafka
 * application client. Every member of a controller cluster does so in the same consumer group, so that each record is
 * applied by one member.
 *
 * <p>Starting does not wait for Kafka: the client connects, and reconnects after an outage, in the background, and
 * {@link #consuming(String)} says when a tenant's telemetry is being read. Offsets are committed for records already
 * applied, so a member that stops or crashes, or a Kafka that restarts, costs no report past the last commit: the
 * records after it are read again, and their sequence numbers make the repeats duplicates. A stop may skip the records
 * fetched and not yet applied; the sequence numbers count them as missed.
 */
public final class HonoNorthbound implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HonoNorthbound.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String CLIENT_ID = "heliostat-controller";
    /** How long a telemetry consumer waits for its topic before it subscribes all the same. */
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
    private static final Duration TOPIC_RETRY = Duration.ofMillis(500);

    private final ControllerSettings.Hono settings;
    private final Vertx vertx;
    private final KafkaApplicationClientImpl client;
    private final HonoTelemetry telemetry;
    private final HonoCommandSender commands;
    private final Set<String> consuming = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    /** Per tenant: its telemetry and command response topics exist, or waiting for them has ended. */
    private final Map<String, CompletableFuture<Void>> topicsReady = new HashMap<>();

    private HonoNorthbound(ControllerSettings.Hono settings, ReportIntake intake, NodeCommands log, IMap<String, String> devices,
                           ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.vertx = Vertx.vertx();
        this.client = new KafkaApplicationClientImpl(vertx, consumerConfig(settings),
                CachingKafkaProducerFactory.nonSharedFactory(vertx), producerConfig(settings));
        for (String tenant : settings.tenants()) {
            topicsReady.put(tenant, new CompletableFuture<>());
        }
        Context commandContext = vertx.getOrCreateContext();
        this.commands = new HonoCommandSender(client, task -> commandContext.runOnContext(v -> task.run()), json,
                Map.copyOf(topicsReady), settings.commandTimeout());
        // A command unanswered within its timeout goes again with the node's next telemetry.
        HonoCommandDelivery delivery = new HonoCommandDelivery(commands, log, devices, settings.commandTimeout(), clock);
        log.onIssued(delivery::issued);
        this.telemetry = new HonoTelemetry(intake, new JsonBodies(json), delivery::reported);
        commandContext.runOnContext(v -> client.start());
        // Applying a report waits on the cluster state: a worker context may block, and runs its records one at a time.
        vertx.deployVerticle(new TenantTopics(), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    }

    /**
     * Starts reading the tenants' telemetry into {@code intake}, and delivering the commands of {@code log} to the nodes
     * that report through Hono ({@code devices}: node id to tenant, shared by the members); returns at once, before
     * Kafka is reached.
     */
    public static HonoNorthbound start(ControllerSettings.Hono settings, ReportIntake intake, NodeCommands log,
                                       IMap<String, String> devices, ObjectMapper json, Clock clock) {
        LOG.info("Hono northbound: tenants {} on Kafka {} (group {})", settings.tenants(), settings.bootstrapServers(),
                settings.groupId());
        return new HonoNorthbound(settings, intake, log, devices, json, clock);
    }

    public HonoTelemetry telemetry() {
        return telemetry;
    }

    public HonoCommandSender commands() {
        return commands;
    }

    /**
     * Whether this member reads the tenant's telemetry: its consumer has joined the group and taken its share of the
     * partitions (records written from then on are read, by this member or another).
     */
    public boolean consuming(String tenant) {
        return consuming.contains(tenant);
    }

    /**
     * Every tenant's topics, on one worker context: once its telemetry and command response topics exist (see
     * {@link TopicProbe}), or {@link #TOPIC_WAIT} has passed (a broker that does not create topics on demand, and no
     * topic yet: the consumers then find it at a metadata refresh), the tenant's telemetry is read and its commands go.
     */
    private final class TenantTopics extends AbstractVerticle {

        private TopicProbe probe;

        @Override
        public void start() {
            probe = new TopicProbe(common(settings));
            for (String tenant : settings.tenants()) {
                whenTopicsExist(tenant, List.of(new HonoTopic(HonoTopic.Type.TELEMETRY, tenant).toString(),
                        new HonoTopic(HonoTopic.Type.COMMAND_RESPONSE, tenant).toString()), System.nanoTime() + TOPIC_WAIT.toNanos());
            }
        }

        private void whenTopicsExist(String tenant, List<String> topics, long giveUpAt) {
            if (closing) {
                return;
            }
            List<String> missing = topics.stream().filter(topic -> !probe.exists(topic)).toList();
            if (missing.isEmpty() || System.nanoTime() - giveUpAt > 0) {
                if (!missing.isEmpty()) {
                    LOG.warn("Kafka has no topic {} after {}; the consumers will find it when it is created", missing, TOPIC_WAIT);
                }
                topicsReady.get(tenant).complete(null);
                consume(tenant);
            } else {
                vertx.setTimer(TOPIC_RETRY.toMillis(), timer -> whenTopicsExist(tenant, missing, giveUpAt));
            }
        }

        private void consume(String tenant) {
            client.createTelemetryConsumer(tenant, telemetry::handle,
                            error -> LOG.warn("telemetry consumer of tenant {} closed: {}", tenant, String.valueOf(error)))
                    .onSuccess(consumer -> {
                        consuming.add(tenant);
                        LOG.info("reading hono.telemetry.{} from Kafka {}", tenant, settings.bootstrapServers());
                    })
                    .onFailure(error -> LOG.error("telemetry consumer of tenant {} did not start", tenant, error));
        }

        @Override
        public void stop() {
            probe.close();
        }
    }

    static MessagingKafkaConsumerConfigProperties consumerConfig(ControllerSettings.Hono settings) {
        MessagingKafkaConsumerConfigProperties config = new MessagingKafkaConsumerConfigProperties();
        config.setCommonClientConfig(commonProperties(settings));
        config.setConsumerConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset(),
                // Safe because a record is applied before the next poll (see HonoTelemetry).
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true"));
        return config;
    }

    static MessagingKafkaProducerConfigProperties producerConfig(ControllerSettings.Hono settings) {
        MessagingKafkaProducerConfigProperties config = new MessagingKafkaProducerConfigProperties();
        config.setCommonClientConfig(commonProperties(settings));
        return config;
    }

    /** Bootstrap servers and security: what every client of Hono's Kafka needs. */
    static Map<String, String> common(ControllerSettings.Hono settings) {
        Map<String, String> common = new HashMap<>(settings.security());
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.bootstrapServers()));
        common.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        return common;
    }

    private static CommonKafkaClientConfigProperties commonProperties(ControllerSettings.Hono settings) {
        CommonKafkaClientConfigProperties properties = new CommonKafkaClientConfigProperties();
        properties.setCommonClientConfig(common(settings));
        return properties;
    }

    /** Stops the consumers (committing what was applied), the producer, then Vert.x. */
    @Override
    public void close() {
        closing = true;
        topicsReady.values().forEach(ready -> ready.completeExceptionally(new IllegalStateException("the Hono northbound stopped")));
        await("stop the Hono client", client.stop());
        await("close Vert.x", vertx.close());
        consuming.clear();
        LOG.info("Hono northbound stopped: {}", telemetry.counts());
    }

    private static void await(String what, Future<Void> step) {
        try {
            step.toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not {} within {}: {}", what, STOP_TIMEOUT, String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
    }
}
