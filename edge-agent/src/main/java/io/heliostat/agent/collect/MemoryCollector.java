package io.heliostat.agent.collect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Memory from {@code /proc/meminfo}: the total, and what is in use (total less what is available). */
public final class MemoryCollector {

    public record MemorySample(long totalMiB, long usedMiB) {
    }

    private final Path meminfo;

    public MemoryCollector(Path procRoot) {
        this.meminfo = procRoot.resolve("meminfo");
    }

    public MemorySample sample() throws Unavailable {
        Map<String, Long> kib = new HashMap<>();
        for (String line : SysFiles.read(meminfo).split("\n")) {
            String[] fields = line.trim().split("[:\\s]+");
            if (fields.length >= 2) {
                try {
                    kib.put(fields[0], Long.parseLong(fields[1]));
                } catch (NumberFormatException e) {
                    // a line this collector does not need, or a torn one: the keys it needs are checked below
                }
            }
        }
        Long total = kib.get("MemTotal");
        if (total == null || total <= 0) {
            throw new Unavailable(meminfo + " has no MemTotal");
        }
        // Kernels before 3.14 have no MemAvailable: free plus page cache is the usual stand-in.
        long available = kib.containsKey("MemAvailable") ? kib.get("MemAvailable")
                : kib.getOrDefault("MemFree", 0L) + kib.getOrDefault("Buffers", 0L) + kib.getOrDefault("Cached", 0L);
        return new MemorySample(total / 1024, Math.max(0, total - Math.min(available, total)) / 1024);
    }
}
