package io.heliostat.agent.forward;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.heliostat.agent.link.ReportLink;
import io.heliostat.agent.link.ReportLink.Delivery;
import io.heliostat.agent.log.Log;
import io.heliostat.api.node.NodeReport;

/**
 * Store-and-forward of reports, over any {@link ReportLink}. A report goes straight to the peer while nothing waits;
 * when the peer cannot be reached or does not take it (HTTP 5xx; over Hono anything but Accepted) it goes to the
 * {@link ReportBuffer}, and so does every report after it until the buffer is empty again, so that the peer sees them
 * in order. The buffer is sent a segment at a time after a {@link Backoff}; a segment leaves the buffer only as far as
 * the peer took it. A report the controller rejects for good (400) is logged with the problem document and dropped:
 * sending it again would not change the answer. Not thread-safe: one thread reports.
 */
public final class ReportForwarder {

    /** What the peer made of the reports so far. */
    public record Counts(long accepted, long duplicates, long outOfOrder, long rejected, long failedAttempts,
                         long lastAcknowledged) {
    }

    private final ReportLink link;
    private final ReportBuffer buffer;
    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong lastAcknowledged = new AtomicLong();
    private long nextAttemptNanos;
    private volatile String problem = "";

    public ReportForwarder(ReportLink link, ReportBuffer buffer, Backoff backoff, LongSupplier nanoTime) {
        this.link = link;
        this.buffer = buffer;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
        this.nextAttemptNanos = nanoTime.getAsLong();
    }

    /** Sends the report, or buffers it behind those already waiting (and tries to send those, if it is time). */
    public void submit(NodeReport report) throws IOException {
        if (buffer.isEmpty() && mayAttempt()) {
            Delivery delivery = link.sendReport(report);
            switch (delivery.result()) {
                case DELIVERED -> delivered(List.of(report), delivery);
                case REJECTED -> rejected(report, delivery);
                case RETRY -> {
                    buffer.append(report);
                    failed(delivery);
                }
            }
            return;
        }
        buffer.append(report);
        drain();
    }

    /** Sends what waits, oldest first, until nothing does or an attempt fails; does nothing while backing off. */
    public void drain() throws IOException {
        while (!buffer.isEmpty() && mayAttempt()) {
            List<NodeReport> reports = buffer.oldest();
            Delivery delivery = reports.isEmpty() ? null : link.sendReports(reports);
            if (delivery == null || delivery.result() == ReportLink.Result.DELIVERED) {
                if (delivery != null) {
                    delivered(reports, delivery);
                }
                buffer.removeOldest();
            } else if (delivery.result() == ReportLink.Result.RETRY) {
                int taken = Math.min(delivery.outcomes().size(), reports.size());
                if (taken > 0) {
                    delivered(reports.subList(0, taken), delivery);
                    buffer.removeFirst(taken);
                }
                failed(delivery);
            } else if (oneByOne(reports)) {
                buffer.removeOldest();
            }
        }
    }

    /**
     * A batch is all or none, so one bad report stops it: its reports go one at a time and only the bad ones are
     * dropped. False when the controller became unreachable on the way; the segment stays, and the reports it took
     * come back to it as duplicates.
     */
    private boolean oneByOne(List<NodeReport> reports) {
        for (NodeReport report : reports) {
            Delivery delivery = link.sendReport(report);
            switch (delivery.result()) {
                case DELIVERED -> delivered(List.of(report), delivery);
                case REJECTED -> rejected(report, delivery);
                case RETRY -> {
                    failed(delivery);
                    return false;
                }
            }
        }
        return true;
    }

    /** How long until the next attempt may be made; zero when it may be made now. */
    public Duration untilNextAttempt() {
        return Duration.ofNanos(Math.max(0, nextAttemptNanos - nanoTime.getAsLong()));
    }

    public int buffered() {
        return buffer.size();
    }

    public long summarised() {
        return buffer.summarised();
    }

    /** Why the last attempt failed, while it is the last one; empty once a report gets through. */
    public Optional<String> problem() {
        return problem.isEmpty() ? Optional.empty() : Optional.of(problem);
    }

    public Counts counts() {
        return new Counts(accepted.get(), duplicates.get(), outOfOrder.get(), rejected.get(), failedAttempts.get(),
                lastAcknowledged.get());
    }

    private boolean mayAttempt() {
        return nanoTime.getAsLong() - nextAttemptNanos >= 0;
    }

    private void delivered(List<NodeReport> reports, Delivery delivery) {
        for (String outcome : delivery.outcomes()) {
            switch (outcome) {
                case "DUPLICATE" -> duplicates.incrementAndGet();
                case "OUT_OF_ORDER" -> outOfOrder.incrementAndGet();
                default -> accepted.incrementAndGet();
            }
        }
        lastAcknowledged.accumulateAndGet(reports.get(reports.size() - 1).sequence(), Math::max);
        backoff.succeeded();
        if (!problem.isEmpty()) {
            problem = "";
            Log.info(link.peer() + " reachable again; " + buffer.size() + " reports still buffered");
        }
    }

    private void rejected(NodeReport report, Delivery delivery) {
        rejected.incrementAndGet();
        Log.severe(link.peer() + " rejected report " + report.sequence() + ", which is dropped: " + delivery.detail());
    }

    private void failed(Delivery delivery) {
        failedAttempts.incrementAndGet();
        Duration wait = backoff.failed();
        nextAttemptNanos = nanoTime.getAsLong() + wait.toNanos();
        boolean first = problem.isEmpty();
        problem = delivery.detail();
        if (first) {
            Log.warning(delivery.detail() + "; buffering reports on disk, retrying in " + wait.toMillis() + " ms");
        } else {
            Log.fine(() -> delivery.detail() + "; " + buffer.size() + " reports buffered, retrying in " + wait.toMillis() + " ms");
        }
    }
}
