package io.heliostat.agent.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.heliostat.agent.link.Json;
import io.heliostat.agent.link.ReportJson;
import io.heliostat.agent.log.Log;
import io.heliostat.api.node.NodeReport;

/**
 * Reports waiting for the controller, on disk, oldest first. They are kept in segment files of JSON lines, each
 * line forced to the device as it is added, so that a restart loses none; only the oldest segment is ever read
 * into memory. When more than {@code maxReports} wait, the two oldest segments are summarised into one report: the
 * latest state they hold, labelled with how many reports it stands for ({@value #SUMMARISED_REPORTS}) and the first
 * sequence among them ({@value #SUMMARISED_FROM}). The controller counts the sequence numbers summarised away as
 * missed.
 */
public final class ReportBuffer {

    public static final String SUMMARISED_REPORTS = "heliostat.io/summarised-reports";
    public static final String SUMMARISED_FROM = "heliostat.io/summarised-from";
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".jsonl";

    private record Segment(Path file, int reports) {
    }

    private final Path directory;
    private final int maxReports;
    private final int segmentReports;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private int size;
    private long summarised;

    private ReportBuffer(Path directory, int maxReports) {
        this.directory = directory;
        this.maxReports = maxReports;
        // Small enough that summarising takes a small bite, large enough for few files and few requests.
        this.segmentReports = Math.max(1, Math.min(64, maxReports / 8));
    }

    /** Opens the buffer in {@code directory}, taking up what a previous run left. */
    public static ReportBuffer open(Path directory, int maxReports) throws IOException {
        Files.createDirectories(directory);
        ReportBuffer buffer = new ReportBuffer(directory, maxReports);
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : stream) {
                if (file.getFileName().toString().endsWith(SUFFIX)) {
                    files.add(file);
                } else {
                    // A summary that was being written when the agent stopped; the segments it came from are whole.
                    Files.delete(file);
                }
            }
        }
        files.sort(null);
        for (Path file : files) {
            int reports = buffer.read(file).size();
            if (reports == 0) {
                Files.delete(file);
            } else {
                buffer.segments.addLast(new Segment(file, reports));
                buffer.size += reports;
            }
        }
        return buffer;
    }

    /** Adds a report after the others, summarising the oldest when the buffer is over its size. */
    public void append(NodeReport report) throws IOException {
        Segment last = segments.peekLast();
        if (last == null || last.reports() >= segmentReports) {
            last = new Segment(directory.resolve(String.format("%s%019d%s", PREFIX, report.sequence(), SUFFIX)), 0);
            segments.addLast(last);
        }
        byte[] line = line(report);
        try (FileChannel channel = FileChannel.open(last.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
        segments.removeLast();
        segments.addLast(new Segment(last.file(), last.reports() + 1));
        size++;
        while (size > maxReports && segments.size() >= 2) {
            summariseOldest();
        }
    }

    /** The reports of the oldest segment, in order; empty when nothing waits. */
    public List<NodeReport> oldest() throws IOException {
        Segment oldest = segments.peekFirst();
        return oldest == null ? List.of() : read(oldest.file());
    }

    /** Forgets the oldest segment, once the controller has taken it. */
    public void removeOldest() throws IOException {
        Segment oldest = segments.pollFirst();
        if (oldest != null) {
            Files.deleteIfExists(oldest.file());
            size -= oldest.reports();
        }
    }

    /**
     * Forgets the first {@code count} reports of the oldest segment, once the peer has taken them and not the rest:
     * the rest are written back in place of the segment, so that a restart does not send the taken ones again.
     */
    public void removeFirst(int count) throws IOException {
        Segment oldest = segments.peekFirst();
        if (oldest == null || count <= 0) {
            return;
        }
        List<NodeReport> reports = read(oldest.file());
        if (count >= reports.size()) {
            removeOldest();
            return;
        }
        List<NodeReport> rest = reports.subList(count, reports.size());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (NodeReport report : rest) {
            lines.writeBytes(line(report));
        }
        DurableFiles.replace(oldest.file(), lines.toByteArray());
        segments.pollFirst();
        segments.addFirst(new Segment(oldest.file(), rest.size()));
        size -= oldest.reports() - rest.size();
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Reports waiting, a summary counting as one. */
    public int size() {
        return size;
    }

    /** Reports folded into summaries since the agent started. */
    public long summarised() {
        return summarised;
    }

    private void summariseOldest() throws IOException {
        Segment first = segments.pollFirst();
        Segment second = segments.pollFirst();
        List<NodeReport> reports = new ArrayList<>(read(first.file()));
        reports.addAll(read(second.file()));
        NodeReport summary = summary(reports);
        DurableFiles.replace(first.file(), line(summary));
        Files.delete(second.file());
        segments.addFirst(new Segment(first.file(), 1));
        size -= first.reports() + second.reports() - 1;
        summarised += reports.size() - 1;
        Log.warning("report buffer full (" + maxReports + " reports): " + summary.labels().get(SUMMARISED_REPORTS)
                + " reports from sequence " + summary.labels().get(SUMMARISED_FROM) + " summarised into one (sequence "
                + summary.sequence() + ")");
    }

    /** The latest of {@code reports}, labelled with how many reports it stands for and where they began. */
    static NodeReport summary(List<NodeReport> reports) {
        NodeReport latest = reports.get(reports.size() - 1);
        long covered = 0;
        long from = Long.MAX_VALUE;
        for (NodeReport report : reports) {
            covered += Long.parseLong(report.labels().getOrDefault(SUMMARISED_REPORTS, "1"));
            from = Math.min(from, Long.parseLong(report.labels().getOrDefault(SUMMARISED_FROM, Long.toString(report.sequence()))));
        }
        Map<String, String> labels = new HashMap<>(latest.labels());
        labels.put(SUMMARISED_REPORTS, Long.toString(covered));
        labels.put(SUMMARISED_FROM, Long.toString(from));
        return new NodeReport(latest.version(), latest.nodeId(), latest.sequence(), latest.observedAt(), latest.cluster(),
                latest.capacity(), latest.used(), latest.power(), latest.temperatureCelsius(), latest.runtimes(), latest.dpus(),
                latest.rttMs(), labels, latest.taints());
    }

    private static byte[] line(NodeReport report) {
        byte[] body = ReportJson.write(report);
        byte[] line = new byte[body.length + 1];
        System.arraycopy(body, 0, line, 0, body.length);
        line[body.length] = '\n';
        return line;
    }

    /** A segment's reports; a line that does not read (the last one, torn by a power cut) is skipped and logged. */
    private List<NodeReport> read(Path file) throws IOException {
        List<NodeReport> reports = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                reports.add(Json.mapper().readValue(line, NodeReport.class));
            } catch (JsonProcessingException e) {
                Log.warning(file + ": skipping a line that is not a report (" + e.getOriginalMessage() + ")");
            }
        }
        return reports;
    }
}
