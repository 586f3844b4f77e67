package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.testing.RunningController;

/** Three controller members in one JVM over loopback TCP-IP, as production runs N of them. */
class ThreeMemberClusterIT {

    static final List<String> MEMBERS = List.of("127.0.0.1:5801", "127.0.0.1:5802", "127.0.0.1:5803");
    static final String WORK = "reoptimisation";

    private final List<Controller> members = new ArrayList<>();

    @BeforeEach
    void start() {
        for (int port = 5801; port <= 5803; port++) {
            members.add(Controller.start(ControllerSettings.ofDefaults().withPolicyDirectory(RunningController.EXAMPLE_POLICIES).withFleetFile(RunningController.DEMO_FLEET).withMembers(port, MEMBERS), Clock.systemUTC()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream()
                .allMatch(member -> member.cluster().member().getCluster().getMembers().size() == 3));
    }

    @AfterEach
    void stop() {
        members.forEach(member -> {
            if (member.cluster().member().getLifecycleService().isRunning()) {
                member.close();
            }
        });
    }

    @Test
    void only_the_oldest_member_leads_and_the_next_oldest_takes_over_with_a_higher_epoch() {
        Controller oldest = members.get(0);
        Optional<Long> epoch = oldest.leadership().lead(WORK);

        assertThat(epoch).isPresent();
        assertThat(members.get(1).leadership().lead(WORK)).isEmpty();
        assertThat(members.get(2).leadership().lead(WORK)).isEmpty();

        oldest.cluster().member().getLifecycleService().terminate();

        Controller next = members.get(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> next.leadership().lead(WORK).isPresent());
        assertThat(next.leadership().lead(WORK)).contains(epoch.get() + 1);
        assertThat(next.leadership().holds(WORK, epoch.get())).isFalse();
        assertThat(members.get(2).leadership().lead(WORK)).isEmpty();
    }

    @Test
    void every_report_accepted_by_any_member_survives_the_death_of_the_oldest() {
        for (int i = 0; i < 300; i++) {
            members.get(i % 3).nodes().accept(report("node-" + i, 1));
        }

        members.get(0).cluster().member().getLifecycleService().terminate();

        Controller survivor = members.get(2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(survivor.nodes().nodes()).extracting(NodeState::nodeId).hasSize(300));
        assertThat(survivor.nodes().node("node-0")).map(NodeState::lastSequence).contains(1L);
    }

    @Test
    void a_member_that_rejoins_does_not_take_leadership_back() {
        Long epoch = members.get(0).leadership().lead(WORK).orElseThrow();
        members.get(0).close();
        await().atMost(Duration.ofSeconds(20)).until(() -> members.get(1).leadership().lead(WORK).isPresent());

        Controller rejoined = Controller.start(ControllerSettings.ofDefaults().withPolicyDirectory(RunningController.EXAMPLE_POLICIES).withFleetFile(RunningController.DEMO_FLEET).withMembers(5801, MEMBERS), Clock.systemUTC());
        members.set(0, rejoined);
        await().atMost(Duration.ofSeconds(30)).until(() -> rejoined.cluster().member().getCluster().getMembers().size() == 3);

        assertThat(rejoined.leadership().lead(WORK)).isEmpty();
        assertThat(members.get(1).leadership().lead(WORK)).contains(epoch + 1);
    }

    static NodeReport report(String node, long sequence) {
        return new NodeReport(NodeReport.VERSION, node, sequence, Instant.now(), "edge-berlin",
                new ResourceAmounts(4000, 8192, 0, 0, 32768), null, new PowerReading(5, 2.7, 7.3, 0, false), null,
                List.of("runc"), List.of(), Map.of(), Map.of(), List.of());
    }
}
