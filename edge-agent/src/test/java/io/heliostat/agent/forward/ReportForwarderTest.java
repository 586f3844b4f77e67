package io.heliostat.agent.forward;

import static io.heliostat.agent.forward.ReportBufferTest.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.StubController;
import io.heliostat.agent.link.ControllerLink;
import io.heliostat.api.node.NodeReport;

class ReportForwarderTest {

    private final StubController controller = new StubController();

    @AfterEach
    void stop() {
        controller.close();
    }

    private ReportForwarder forwarder(Path directory, int maxReports) throws Exception {
        return new ReportForwarder(new ControllerLink(controller.uri(), "gw-mad-1", Duration.ofSeconds(2)),
                ReportBuffer.open(directory, maxReports), new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(7)),
                System::nanoTime);
    }

    @Test
    void while_the_controller_answers_reports_go_straight_to_it(@TempDir Path directory) throws Exception {
        ReportForwarder forwarder = forwarder(directory, 100);

        forwarder.submit(report(1));
        forwarder.submit(report(2));

        assertThat(controller.sequences()).containsExactly(1L, 2L);
        assertThat(controller.requests()).containsExactly("single", "single");
        assertThat(forwarder.buffered()).isZero();
        assertThat(forwarder.counts().accepted()).isEqualTo(2);
    }

    @Test
    void reports_made_while_the_controller_is_down_arrive_in_order_in_batches_once_it_is_back(@TempDir Path directory) throws Exception {
        ReportForwarder forwarder = forwarder(directory, 100);
        forwarder.submit(report(1));
        controller.down();

        for (long sequence = 2; sequence <= 30; sequence++) {
            forwarder.submit(report(sequence));
        }
        assertThat(forwarder.buffered()).isEqualTo(29);
        assertThat(forwarder.counts().failedAttempts()).isPositive();
        controller.up();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            forwarder.drain();
            return forwarder.buffered() == 0;
        });
        forwarder.submit(report(31));

        assertThat(controller.sequences()).containsExactlyElementsOf(LongStream.rangeClosed(1, 31).boxed().toList());
        // 100 / 8 = 12 per segment: 12, 12 and 5 reports, then the link is clear and 31 goes alone
        assertThat(controller.requests()).containsExactly("single", "12", "12", "5", "single");
        assertThat(forwarder.counts().duplicates()).isZero();
        assertThat(forwarder.counts().outOfOrder()).isZero();
    }

    @Test
    void a_long_outage_keeps_the_buffer_within_its_size_and_the_latest_state_arrives_with_what_was_summarised(
            @TempDir Path directory) throws Exception {
        ReportForwarder forwarder = forwarder(directory, 16);
        controller.down();

        for (long sequence = 1; sequence <= 1_000; sequence++) {
            forwarder.submit(report(sequence));
            assertThat(forwarder.buffered()).isLessThanOrEqualTo(16);
        }
        controller.up();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            forwarder.drain();
            return forwarder.buffered() == 0;
        });

        // 16 / 8 = 2 reports per segment: the summary stands for every report but the newest 15, which arrive as they were
        List<NodeReport> arrived = controller.accepted();
        assertThat(arrived).extracting(NodeReport::sequence).isSorted().endsWith(1_000L);
        assertThat(arrived.get(0).labels()).containsEntry(ReportBuffer.SUMMARISED_FROM, "1");
        long covered = arrived.stream().mapToLong(report -> Long.parseLong(report.labels().getOrDefault(ReportBuffer.SUMMARISED_REPORTS, "1")))
                .sum();
        assertThat(covered).isEqualTo(1_000);
        assertThat(forwarder.summarised()).isEqualTo(1_000 - arrived.size());
    }

    @Test
    void a_report_the_controller_rejects_is_dropped_and_the_rest_of_its_batch_still_arrives(@TempDir Path directory) throws Exception {
        ReportForwarder forwarder = forwarder(directory, 100);
        controller.refuse(report -> report.sequence() == 3);
        controller.down();
        for (long sequence = 1; sequence <= 5; sequence++) {
            forwarder.submit(report(sequence));
        }
        controller.up();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            forwarder.drain();
            return forwarder.buffered() == 0;
        });

        assertThat(controller.sequences()).containsExactly(1L, 2L, 4L, 5L);
        assertThat(forwarder.counts().rejected()).isEqualTo(1);
        // the batch of five is refused as a whole, then its reports go one by one
        assertThat(controller.requests()).containsExactly("5", "single", "single", "single", "single", "single");
    }

    @Test
    void a_report_rejected_on_its_own_is_not_retried(@TempDir Path directory) throws Exception {
        ReportForwarder forwarder = forwarder(directory, 100);
        controller.refuse(report -> report.sequence() == 1);

        forwarder.submit(report(1));
        forwarder.submit(report(2));

        assertThat(controller.sequences()).containsExactly(2L);
        assertThat(controller.requests()).hasSize(2);
        assertThat(forwarder.buffered()).isZero();
    }

    @Test
    void waits_between_attempts_double_up_to_the_maximum_with_jitter_in_the_upper_half() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new Random(1));

        List<Duration> waits = LongStream.range(0, 6).mapToObj(i -> backoff.failed()).toList();

        // ceilings 100, 200, 400, 800, 1000, 1000: each wait between half its ceiling and the ceiling
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (int i = 0; i < waits.size(); i++) {
            assertThat(waits.get(i).toMillis()).as("wait %d", i).isBetween(ceilings[i] / 2, ceilings[i]);
        }
        backoff.succeeded();
        assertThat(backoff.failed().toMillis()).isBetween(50L, 100L);
    }
}
