package io.heliostat.agent.collect;

import java.nio.file.Path;

/**
 * CPU from procfs and sysfs: the cores online (what the node can allocate) and the utilisation since the previous
 * sample, from the counters of the aggregate {@code cpu} line of {@code /proc/stat}; the first sample gives the
 * utilisation since boot.
 */
public final class CpuCollector {

    /** Cores online and the share of their time busy since the last sample, 0 to 1. */
    public record CpuSample(int onlineCpus, double utilisation) {
    }

    private final Path procStat;
    private final Path onlineList;
    private long previousBusy;
    private long previousTotal;

    public CpuCollector(Path procRoot, Path sysRoot) {
        this.procStat = procRoot.resolve("stat");
        this.onlineList = sysRoot.resolve("devices/system/cpu/online");
    }

    public CpuSample sample() throws Unavailable {
        String stat = SysFiles.read(procStat);
        long[] times = aggregateTimes(stat);
        // user nice system idle iowait irq softirq steal; guest time is already counted in user and nice.
        long idle = times[3] + (times.length > 4 ? times[4] : 0);
        long total = 0;
        for (int i = 0; i < Math.min(times.length, 8); i++) {
            total += times[i];
        }
        long busy = total - idle;
        long deltaTotal = total - previousTotal;
        long deltaBusy = busy - previousBusy;
        double utilisation = deltaTotal > 0 ? (double) deltaBusy / deltaTotal : 0;
        previousTotal = total;
        previousBusy = busy;
        return new CpuSample(onlineCpus(stat), Math.max(0, Math.min(1, utilisation)));
    }

    private long[] aggregateTimes(String stat) throws Unavailable {
        String first = stat.lines().findFirst().orElse("");
        String[] fields = first.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 5) {
            throw new Unavailable(procStat + " does not start with the aggregate cpu line: '" + SysFiles.abbreviate(first) + "'");
        }
        long[] times = new long[fields.length - 1];
        try {
            for (int i = 1; i < fields.length; i++) {
                times[i - 1] = Long.parseLong(fields[i]);
            }
        } catch (NumberFormatException e) {
            throw new Unavailable(procStat + " has a cpu line that is not all numbers: '" + SysFiles.abbreviate(first) + "'");
        }
        return times;
    }

    /** From sysfs's list of online CPUs ({@code 0-3,6}); where it is missing, the per-CPU lines of /proc/stat. */
    private int onlineCpus(String stat) throws Unavailable {
        var list = SysFiles.readIfPresent(onlineList);
        if (list.isPresent()) {
            try {
                int count = 0;
                for (String range : list.get().split(",")) {
                    String[] bounds = range.trim().split("-");
                    count += bounds.length == 1 ? 1 : Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1;
                }
                return count;
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // a malformed list: count the CPUs of /proc/stat instead
            }
        }
        int count = (int) stat.lines().filter(line -> line.matches("^cpu\\d+\\s.*")).count();
        if (count == 0) {
            throw new Unavailable("neither " + onlineList + " nor per-CPU lines in " + procStat + " say how many CPUs are online");
        }
        return count;
    }
}
