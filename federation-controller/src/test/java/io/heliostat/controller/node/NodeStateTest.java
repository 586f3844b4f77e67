package io.heliostat.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

/**
 * One node's state as entry processors change it: its missed-beat ageing (Suspect after 20 s and Lost after 40 s at
 * the fleet's 10 s beat) and what its commands told it.
 */
class NodeStateTest {

    private static final long SUSPECT = 20_000;
    private static final long LOST = 40_000;
    private static final long BEAT = 10_000;

    private static NodeReport report(NodeTaint... taints) {
        return new NodeReport(NodeReport.VERSION, "gw-1", 1, Instant.parse("2026-11-22T10:00:00Z"), "edge-berlin",
                new ResourceAmounts(4000, 8192, 0, 0, 32768), new ResourceAmounts(1000, 2048, 0, 0, 0),
                new PowerReading(5.2, 2.7, 7.3, 0, true), 48.5, List.of("runc"), List.of(), Map.of(), Map.of(), List.of(taints));
    }

    private static NodeStatus agedAt(NodeState state, long now) {
        Map.Entry<String, NodeState> entry = new AbstractMap.SimpleEntry<>(state.nodeId(), state);
        new AgeNode(now, SUSPECT, LOST, BEAT).process(entry);
        return entry.getValue().status();
    }

    @Test
    void a_node_at_the_fleets_beat_is_suspect_after_two_missed_beats_and_lost_after_four() {
        NodeState state = NodeState.first(report(), 0);

        assertThat(agedAt(state, 19_999)).isEqualTo(NodeStatus.READY);
        assertThat(agedAt(state, 20_000)).isEqualTo(NodeStatus.SUSPECT);
        assertThat(agedAt(state, 40_000)).isEqualTo(NodeStatus.LOST);
    }

    @Test
    void a_node_that_reports_every_minute_gets_as_many_of_its_beats_before_it_is_suspect_or_lost() {
        // 60 s is six fleet beats: Suspect after 6 × 20 s = 120 s, Lost after 6 × 40 s = 240 s.
        NodeState state = NodeState.first(report(), 0).withOrders(NodeOrders.NONE.reportEvery(60_000));

        assertThat(agedAt(state, 119_999)).isEqualTo(NodeStatus.READY);
        assertThat(agedAt(state, 120_000)).isEqualTo(NodeStatus.SUSPECT);
        assertThat(agedAt(state, 240_000)).isEqualTo(NodeStatus.LOST);
    }

    @Test
    void a_node_that_reports_more_often_than_the_fleet_is_not_given_up_sooner() {
        NodeState state = NodeState.first(report(), 0).withOrders(NodeOrders.NONE.reportEvery(1_000));

        assertThat(agedAt(state, 19_999)).isEqualTo(NodeStatus.READY);
    }

    @Test
    void a_longer_grace_does_not_make_a_suspect_node_ready_again_only_a_report_does() {
        NodeState suspect = NodeState.first(report(), 0).withStatus(NodeStatus.SUSPECT, 20_000)
                .withOrders(NodeOrders.NONE.reportEvery(60_000));

        assertThat(agedAt(suspect, 30_000)).isEqualTo(NodeStatus.SUSPECT);
    }

    @Test
    void a_node_first_seen_with_the_draining_taint_starts_out_draining_and_closed() {
        NodeState drained = NodeState.first(report(new NodeTaint(NodeState.DRAINING_TAINT, "true", "NoSchedule")), 0);

        assertThat(drained.orders().draining()).isTrue();
        assertThat(drained.open()).isFalse();
        assertThat(NodeState.first(report(), 0).open()).isTrue();
    }

    @Test
    void of_a_drain_and_an_undrain_applied_in_either_order_the_later_command_holds() {
        Map.Entry<String, NodeState> entry = new AbstractMap.SimpleEntry<>("gw-1", NodeState.first(report(), 0));

        new MarkDraining(false, 6).process(entry);
        new MarkDraining(true, 5).process(entry);

        assertThat(entry.getValue().orders().draining()).isFalse();
        assertThat(entry.getValue().orders().drainSequence()).isEqualTo(6);
    }
}
