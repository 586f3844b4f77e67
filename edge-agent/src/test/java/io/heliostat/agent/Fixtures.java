package io.heliostat.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Trees of /proc and /sys files of machines the agent meets: {@code gateway} (a Pi-class gateway on a battery),
 * {@code server} (RAPL counters, a GPU, DPUs), {@code malformed} (files that say nothing usable). Read from the
 * source folder, which keeps the executable bits of the fake runtimes.
 */
public final class Fixtures {

    public static final Path ROOT = Path.of("src/test/resources/fixtures");

    private Fixtures() {
    }

    public static Path tree(String name) {
        return ROOT.resolve(name);
    }

    /** A copy of a tree under {@code directory}, for tests that change counters between samples. */
    public static Path copy(String name, Path directory) {
        Path source = tree(name);
        Path target = directory.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
