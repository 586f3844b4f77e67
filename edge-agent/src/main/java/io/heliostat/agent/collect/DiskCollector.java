package io.heliostat.agent.collect;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Ephemeral storage: the size of the file system holding a configured path, and how much of it is taken. */
public final class DiskCollector {

    public record DiskSample(long totalMiB, long usedMiB) {
    }

    private static final long MIB = 1024 * 1024;

    private final Path path;

    public DiskCollector(Path path) {
        this.path = path;
    }

    public DiskSample sample() throws Unavailable {
        try {
            FileStore store = Files.getFileStore(path);
            long total = store.getTotalSpace();
            long usable = store.getUsableSpace();
            if (total <= 0) {
                throw new Unavailable("the file system of " + path + " reports no size");
            }
            return new DiskSample(total / MIB, (total - Math.min(usable, total)) / MIB);
        } catch (NoSuchFileException e) {
            throw new Unavailable("no " + path);
        } catch (IOException e) {
            throw new Unavailable("the file system of " + path + " cannot be read: " + e.getMessage());
        }
    }
}
