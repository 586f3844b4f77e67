package io.heliostat.agent.forward;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's report sequence, kept in a file so that it keeps rising across restarts: a number is written to the
 * device before the report that carries it leaves, so that no two reports ever share one.
 */
public final class SequenceFile {

    private final Path file;
    private long last;

    private SequenceFile(Path file, long last) {
        this.file = file;
        this.last = last;
    }

    /** Opens the file in {@code directory}, or starts at 0 when there is none. */
    public static SequenceFile open(Path directory) throws IOException {
        Path file = directory.resolve("sequence");
        if (!Files.exists(file)) {
            return new SequenceFile(file, 0);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            long last = Long.parseLong(text);
            if (last < 0) {
                throw new NumberFormatException();
            }
            return new SequenceFile(file, last);
        } catch (NumberFormatException e) {
            throw new IOException(file + " must hold the last report sequence, a whole number >= 0, but holds '" + text
                    + "'; restore it, or set it above the controller's lastSequence for this node");
        }
    }

    /** The next sequence, on the device before it is returned. */
    public synchronized long next() throws IOException {
        long next = last + 1;
        DurableFiles.replace(file, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
        last = next;
        return next;
    }

    public synchronized long last() {
        return last;
    }
}
