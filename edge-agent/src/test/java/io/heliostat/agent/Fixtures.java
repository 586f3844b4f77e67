package io.heliostat.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * The settings of an agent on the gateway tree, reporting every 100 ms without jitter, retrying after 20-100 ms and
     * polling for commands every 100 ms, with its state in {@code state}; the uplink is the caller's to add.
     */
    public static Map<String, String> gatewaySettings(Path state) {
        Path gateway = tree("gateway");
        Map<String, String> settings = new HashMap<>(Map.of("node.id", "gw-mad-1", "cluster", "edge-madrid-store",
                "report.interval", "100ms", "report.jitter", "0", "buffer.directory", state.toString(),
                "proc.root", gateway.resolve("proc").toString(), "sys.root", gateway.resolve("sys").toString(),
                "disk.path", state.toString(), "runtimes.path", gateway.resolve("bin").toString()));
        settings.putAll(Map.of("retry.initial-delay", "20ms", "retry.max-delay", "100ms", "commands.poll-interval", "100ms",
                "power.idle-watts", "1.1", "power.max-watts", "2.9", "labels", "heliostat.io/site=madrid-store"));
        return settings;
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
