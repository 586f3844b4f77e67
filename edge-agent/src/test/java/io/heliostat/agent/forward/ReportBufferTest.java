package io.heliostat.agent.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

class ReportBufferTest {

    static NodeReport report(long sequence) {
        return new NodeReport(NodeReport.VERSION, "gw-mad-1", sequence, Instant.parse("2026-11-22T10:00:00Z").plusSeconds(sequence * 10),
                "edge-madrid-store", new ResourceAmounts(4000, 3793, 0, 0, 1000), new ResourceAmounts(sequence, 1024, 0, 0, 10),
                new PowerReading(2.0, 1.1, 2.9, 0, false), 48.5, List.of("runc"), List.of(), Map.of(), Map.of("site", "madrid"), List.of());
    }

    private static List<NodeReport> drain(ReportBuffer buffer) throws Exception {
        List<NodeReport> all = new ArrayList<>();
        while (!buffer.isEmpty()) {
            all.addAll(buffer.oldest());
            buffer.removeOldest();
        }
        return all;
    }

    @Test
    void the_part_of_a_segment_the_peer_took_leaves_the_buffer_and_stays_gone_after_a_restart(@TempDir Path directory) throws Exception {
        ReportBuffer buffer = ReportBuffer.open(directory, 100);
        for (long sequence = 1; sequence <= 20; sequence++) {
            buffer.append(report(sequence));
        }

        // 100 / 8 = 12 reports per segment: 1-12, then 13-20; the peer took 1-5
        buffer.removeFirst(5);

        assertThat(buffer.size()).isEqualTo(15);
        assertThat(buffer.oldest()).extracting(NodeReport::sequence).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(drain(ReportBuffer.open(directory, 100))).extracting(NodeReport::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(6, 20).boxed().toList());
    }

    @Test
    void reports_come_back_in_order_after_a_restart(@TempDir Path directory) throws Exception {
        ReportBuffer buffer = ReportBuffer.open(directory, 100);
        for (long sequence = 1; sequence <= 30; sequence++) {
            buffer.append(report(sequence));
        }

        ReportBuffer reopened = ReportBuffer.open(directory, 100);

        assertThat(reopened.size()).isEqualTo(30);
        // 100 / 8 = 12 reports per segment: the oldest segment holds 1-12
        assertThat(reopened.oldest()).extracting(NodeReport::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(drain(reopened)).extracting(NodeReport::sequence).isSorted().hasSize(30).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(ReportBuffer.open(directory, 100).isEmpty()).isTrue();
    }

    @Test
    void a_full_buffer_summarises_the_oldest_into_one_report_that_says_how_many_it_stands_for(@TempDir Path directory) throws Exception {
        ReportBuffer buffer = ReportBuffer.open(directory, 4);
        for (long sequence = 1; sequence <= 10; sequence++) {
            buffer.append(report(sequence));
        }

        // one report per segment (4 / 8 < 1): 1-7 are summarised into one report with sequence 7, then 8, 9, 10
        List<NodeReport> waiting = drain(buffer);
        assertThat(waiting).extracting(NodeReport::sequence).containsExactly(7L, 8L, 9L, 10L);
        NodeReport summary = waiting.get(0);
        assertThat(summary.labels()).containsEntry(ReportBuffer.SUMMARISED_REPORTS, "7").containsEntry(ReportBuffer.SUMMARISED_FROM, "1")
                .containsEntry("site", "madrid");
        assertThat(summary.used()).isEqualTo(report(7).used());
        assertThat(summary.validate()).isEmpty();
        assertThat(buffer.summarised()).isEqualTo(6);
    }

    @Test
    void a_line_torn_by_a_power_cut_is_skipped_and_the_rest_survive(@TempDir Path directory) throws Exception {
        ReportBuffer buffer = ReportBuffer.open(directory, 100);
        buffer.append(report(1));
        buffer.append(report(2));
        Path segment;
        try (var files = Files.list(directory)) {
            segment = files.filter(file -> file.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        }
        Files.writeString(segment, "{\"version\":1,\"nodeId\":\"gw-m", StandardOpenOption.APPEND);
        Files.writeString(directory.resolve("segment-0000000000000000001.jsonl.tmp"), "half a summary");

        ReportBuffer reopened = ReportBuffer.open(directory, 100);

        assertThat(reopened.oldest()).extracting(NodeReport::sequence).containsExactly(1L, 2L);
        assertThat(directory.resolve("segment-0000000000000000001.jsonl.tmp")).doesNotExist();
    }

    @Test
    void the_sequence_keeps_rising_across_restarts(@TempDir Path directory) throws Exception {
        SequenceFile sequence = SequenceFile.open(directory);
        assertThat(sequence.next()).isEqualTo(1);
        assertThat(sequence.next()).isEqualTo(2);

        assertThat(SequenceFile.open(directory).next()).isEqualTo(3);
        Files.writeString(directory.resolve("sequence"), "garbage");
        assertThatThrownBy(() -> SequenceFile.open(directory))
                .hasMessageContaining("sequence must hold the last report sequence").hasMessageContaining("'garbage'");
    }
}
