package io.heliostat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeReport;

class EdgeAgentTest {

    private final StubController controller = new StubController();

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        controller.close();
    }

    /** An agent on the gateway fixture, reporting every 100 ms without jitter. */
    static AgentConfig gatewayAgent(String controllerUri, Path state, Map<String, String> overrides) throws ConfigException {
        Map<String, String> settings = Fixtures.gatewaySettings(state);
        settings.put("controller", controllerUri);
        settings.putAll(overrides);
        return AgentConfig.of(settings);
    }

    private static List<Long> oneTo(long last) {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    @Test
    void the_first_report_describes_the_node_and_the_sequence_goes_on_after_a_restart() throws Exception {
        AgentConfig config = gatewayAgent(controller.uri().toString(), state, Map.of());
        try (EdgeAgent agent = EdgeAgent.start(config)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.status().accepted() >= 3);
        }
        NodeReport first = controller.accepted().get(0);
        assertThat(first.nodeId()).isEqualTo("gw-mad-1");
        assertThat(first.capacity().cpuMillis()).isEqualTo(4000);
        assertThat(first.capacity().memoryMiB()).isEqualTo(3793);
        assertThat(first.runtimes()).containsExactly("runc", "wasm");
        assertThat(first.temperatureCelsius()).isEqualTo(48.5);
        assertThat(first.power().budgetWatts()).isEqualTo(2.18, within(1e-9));
        assertThat(first.labels()).containsEntry("heliostat.io/site", "madrid-store");
        int before = controller.sequences().size();

        try (EdgeAgent agent = EdgeAgent.start(config)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.status().accepted() >= 3);
            assertThat(agent.status().lastSequence()).isGreaterThan(before);
        }

        assertThat(controller.sequences()).containsExactlyElementsOf(oneTo(controller.sequences().size()));
    }

    @Test
    void reports_made_while_the_controller_is_down_wait_on_disk_and_all_arrive_in_order() throws Exception {
        try (EdgeAgent agent = EdgeAgent.start(gatewayAgent(controller.uri().toString(), state, Map.of()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> controller.sequences().size() >= 2);
            controller.down();
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.status().buffered() >= 10);
            controller.up();
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.status().buffered() == 0 && agent.status().lastAcknowledged() >= 15);

            AgentStatus status = agent.status();
            assertThat(controller.sequences()).startsWith(oneTo(status.lastAcknowledged()).toArray(Long[]::new));
            assertThat(status.failedAttempts()).isPositive();
            assertThat(status.outOfOrder()).isZero();
            assertThat(status.summarised()).isZero();
        }
        assertThat(controller.sequences()).containsExactlyElementsOf(oneTo(controller.sequences().size()));
        assertThat(controller.requests()).anySatisfy(request -> assertThat(request).isNotEqualTo("single"));
    }

    @Test
    void commands_drain_the_node_and_change_the_report_interval() throws Exception {
        controller.offer("{\"kind\":\"drain\",\"commandId\":\"c-1\",\"sequence\":1,\"issuedAt\":\"2026-11-22T10:00:00Z\"}");
        controller.offer("{\"kind\":\"set-report-interval\",\"commandId\":\"c-2\",\"sequence\":2,\"issuedAt\":\"2026-11-22T10:00:00Z\","
                + "\"interval\":\"PT2S\"}");
        try (EdgeAgent agent = EdgeAgent.start(gatewayAgent(controller.uri().toString(), state, Map.of()))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> controller.outcomes().size() == 2);

            assertThat(controller.outcomes()).extracting(CommandOutcome::status).containsOnly(CommandOutcome.SUCCEEDED);
            assertThat(agent.status().reportInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(agent.status().drained()).isTrue();
            int sent = controller.sequences().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> controller.sequences().size() > sent);
            assertThat(controller.accepted().get(controller.accepted().size() - 1).taints()).contains(EdgeAgent.DRAINING);
        }
    }

    @Test
    void two_agents_cannot_share_a_state_directory() throws Exception {
        AgentConfig config = gatewayAgent(controller.uri().toString(), state, Map.of());
        try (EdgeAgent agent = EdgeAgent.start(config)) {
            assertThatThrownBy(() -> EdgeAgent.start(config)).hasMessageContaining("another agent is running with buffer.directory");
            assertThat(agent.status().nodeId()).isEqualTo("gw-mad-1");
        }
    }
}
