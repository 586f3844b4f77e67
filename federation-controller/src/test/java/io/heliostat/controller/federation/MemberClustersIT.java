package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.heliostat.carbon.SettableClock;
import io.heliostat.controller.Controller;
import io.heliostat.controller.ControllerSettings;
import io.heliostat.controller.node.NodeRegistry;
import io.heliostat.controller.node.ReportIntake;
import io.heliostat.controller.state.ControllerCluster;
import io.heliostat.controller.testing.RunningController;
import io.heliostat.mockclusters.MockCluster;

/**
 * The leader's heartbeats of one member cluster, "edge", against a hub and two member API servers (fabric8's mock in
 * CRUD mode): the kubeconfig secret on the hub is read when it can matter, not at every heartbeat, and a rotated one is
 * still taken up. The test moves the clock and beats by hand, as the member-clusters route would every second.
 */
class MemberClustersIT {

    private static final String NAMESPACE = "heliostat-system";
    private static final String SECRET_PATH = "/api/v1/namespaces/" + NAMESPACE + "/secrets/edge-kubeconfig";

    private final SettableClock clock = new SettableClock(Instant.now());
    private final MockCluster hub = MockCluster.startOnFreePort();
    /** What "edge" is first; its RuntimeClass is gvisor. */
    private final MockCluster first = MockCluster.startOnFreePort();
    /** What a rotated kubeconfig makes "edge" instead; its RuntimeClass is kata. */
    private final MockCluster second = MockCluster.startOnFreePort();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private ControllerCluster cluster;
    private MemberClusters members;

    private void start(String resync) {
        first.addNode("edge-node-1", "4", "8Gi", Map.of());
        first.addRuntimeClass("gvisor", "runsc");
        second.addNode("edge-node-1", "4", "8Gi", Map.of());
        second.addRuntimeClass("kata", "kata");
        hub.keepKubeconfig(NAMESPACE, "edge-kubeconfig", first.kubeconfig());
        hub.client().resource(TestMemberClusters.memberCluster("edge", "DE", true, 50.1, 8.7, Map.of())).create();

        ControllerSettings settings = ControllerSettings.from(Map.of(
                "heliostat.cluster.port", Integer.toString(RunningController.freePort()),
                "heliostat.kubernetes.resync", resync,
                "heliostat.kubernetes.request-timeout", "PT1S")::get);
        cluster = ControllerCluster.start(settings, Controller.objectMapper());
        ReportIntake intake = new ReportIntake(new NodeRegistry(cluster.nodes(), settings, clock), node -> { });
        members = new MemberClusters(hub.client(), Controller.objectMapper(), settings, intake, cluster.clusters(), clock);
        await().atMost(Duration.ofSeconds(10)).until(() -> members.names().contains("edge"));
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logged);
        logged.start();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        if (members != null) {
            members.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        first.close();
        second.close();
        hub.close();
    }

    /** One heartbeat a second later, waited for until "edge" answers in it. */
    private void heartbeatAnswered() {
        clock.advance(Duration.ofSeconds(1));
        Instant now = clock.instant();
        members.beat();
        await().atMost(Duration.ofSeconds(10)).until(() -> now.equals(members.member("edge").orElseThrow().lastHeartbeat));
    }

    private long secretReads() {
        return hub.takeRequests().stream().filter(request -> request.equals("GET " + SECRET_PATH)).count();
    }

    private void rotateKubeconfig(MockCluster to) {
        hub.client().secrets().inNamespace(NAMESPACE).withName("edge-kubeconfig").edit(secret -> {
            secret.setData(Map.of("kubeconfig", Base64.getEncoder().encodeToString(to.kubeconfig().getBytes(StandardCharsets.UTF_8))));
            return secret;
        });
    }

    @Test
    void the_kubeconfig_secret_is_read_once_and_again_at_the_resync_not_at_every_heartbeat() {
        start("PT10S");
        hub.takeRequests();

        for (int beat = 0; beat < 5; beat++) {
            heartbeatAnswered();
        }
        assertThat(secretReads()).as("five heartbeats, one read of the secret").isEqualTo(1);

        // Five seconds later the resync interval of ten has passed since the first read: it is read again, once.
        for (int beat = 0; beat < 6; beat++) {
            heartbeatAnswered();
        }
        assertThat(secretReads()).isEqualTo(1);
    }

    @Test
    void a_rotated_kubeconfig_is_taken_up_at_the_next_resync() {
        start("PT5S");
        heartbeatAnswered();
        assertThat(members.member("edge").orElseThrow().runtimeClasses()).containsOnlyKeys("gvisor");

        rotateKubeconfig(second);
        heartbeatAnswered();
        assertThat(members.member("edge").orElseThrow().runtimeClasses()).as("the old kubeconfig still works: kept till the resync")
                .containsOnlyKeys("gvisor");
        for (int beat = 0; beat < 5; beat++) {
            heartbeatAnswered();
        }
        assertThat(members.member("edge").orElseThrow().runtimeClasses()).containsOnlyKeys("kata");
    }

    @Test
    void a_rotated_kubeconfig_is_taken_up_when_the_member_stops_answering() {
        start("PT1H");
        heartbeatAnswered();
        MemberClusters.Member edge = members.member("edge").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.watched().orElseThrow().synced());

        rotateKubeconfig(second);
        first.link().cut();
        clock.advance(Duration.ofSeconds(1));
        members.beat();
        // beat() marks the member polling before its heartbeat runs: the heartbeat that failed is over once it is not.
        await().atMost(Duration.ofSeconds(10)).until(() -> !edge.polling);
        heartbeatAnswered();
        assertThat(edge.runtimeClasses()).as("answers through the rotated kubeconfig").containsOnlyKeys("kata");
    }

    @Test
    void a_member_cut_off_says_so_in_one_line_and_in_one_when_it_answers_again() {
        start("PT1H");
        heartbeatAnswered();
        MemberClusters.Member edge = members.member("edge").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.watched().orElseThrow().synced());
        logged.list.clear();

        first.link().cut();
        clock.advance(Duration.ofSeconds(1));
        members.beat();
        // Its two watches retry meanwhile, after 1, 2 and 4 s: none of the retries adds a line, nor a stack.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(lines(Level.WARN)).singleElement().asString()
                    .startsWith("member cluster edge does not answer (").contains("its heartbeats and watches are retried");
            assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                    .allMatch(event -> event.getThrowableProxy() == null, "no stack above DEBUG");
        });

        first.link().restore();
        heartbeatAnswered();
        assertThat(lines(Level.INFO)).containsOnlyOnce("member cluster edge answers again");
        assertThat(lines(Level.WARN)).hasSize(1);
    }

    /** What Heliostat and fabric8 logged at this level. */
    private List<String> lines(Level level) {
        return logged.list.stream().filter(event -> event.getLevel() == level)
                .filter(event -> event.getLoggerName().startsWith("io.heliostat") || event.getLoggerName().startsWith("io.fabric8"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
