package io.heliostat.agent.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heliostat.agent.log.Log;
import io.heliostat.api.node.DpuDevice;
import io.heliostat.api.node.PowerReading;
import io.heliostat.api.node.ResourceAmounts;

/**
 * Samples the node with every collector. A collector that finds nothing, or fails, leaves its field out (zero
 * amounts, no temperature, no probe) and says so once; none can stop a report. The inventory (runtimes, GPUs,
 * DPUs) changes rarely and is looked at again every {@link #INVENTORY_REFRESH}.
 */
public final class NodeSampler {

    static final Duration INVENTORY_REFRESH = Duration.ofMinutes(5);

    /** What a sample found: the parts of a {@code NodeReport} that describe the machine. */
    public record NodeSample(ResourceAmounts capacity, ResourceAmounts used, PowerReading power,
                             Optional<Double> temperatureCelsius, List<String> runtimes, List<DpuDevice> dpus,
                             Map<String, Double> rttMs) {
    }

    private record Inventory(List<String> runtimes, int gpus, List<DpuDevice> dpus, long takenAtNanos) {
    }

    private final Path sysRoot;
    private final List<String> configuredRuntimes;
    private final CpuCollector cpu;
    private final MemoryCollector memory;
    private final DiskCollector disk;
    private final PowerCollector power;
    private final ThermalCollector thermal;
    private final RttProber prober;
    private final RuntimeDetector runtimeDetector;
    private final GpuCollector gpus;
    private final DpuCollector dpus = new DpuCollector();
    private final Absences absences;
    private Inventory inventory;

    /**
     * @param runtimes the runtimes to report as configured; empty to look for them on {@code runtimesPath}
     */
    public NodeSampler(Path procRoot, Path sysRoot, Path diskPath, List<String> runtimes, List<Path> runtimesPath,
                       List<ProbeTarget> probes, Duration probeTimeout, PowerProfile profile, Absences absences) {
        this.sysRoot = sysRoot;
        this.configuredRuntimes = List.copyOf(runtimes);
        this.cpu = new CpuCollector(procRoot, sysRoot);
        this.memory = new MemoryCollector(procRoot);
        this.disk = new DiskCollector(diskPath);
        this.power = new PowerCollector(sysRoot, profile, absences);
        this.thermal = new ThermalCollector(sysRoot);
        this.prober = new RttProber(probes, probeTimeout, absences);
        this.runtimeDetector = new RuntimeDetector(runtimesPath);
        this.gpus = new GpuCollector(procRoot);
        this.absences = absences;
    }

    /** A sample at {@code nanoTime} ({@link System#nanoTime()}). */
    public NodeSample sample(long nanoTime) {
        Optional<CpuCollector.CpuSample> cpuSample = collect("CPU", cpu::sample);
        Optional<MemoryCollector.MemorySample> memorySample = collect("memory", memory::sample);
        Optional<DiskCollector.DiskSample> diskSample = collect("ephemeral storage", disk::sample);
        Inventory found = inventory(nanoTime);
        int cores = cpuSample.map(CpuCollector.CpuSample::onlineCpus).orElse(0);
        double utilisation = cpuSample.map(CpuCollector.CpuSample::utilisation).orElse(0.0);
        ResourceAmounts capacity = new ResourceAmounts(cores * 1000L, memorySample.map(MemoryCollector.MemorySample::totalMiB).orElse(0L),
                found.gpus(), found.dpus().size(), diskSample.map(DiskCollector.DiskSample::totalMiB).orElse(0L));
        ResourceAmounts used = new ResourceAmounts(Math.round(cores * 1000L * utilisation),
                memorySample.map(MemoryCollector.MemorySample::usedMiB).orElse(0L), 0, 0,
                diskSample.map(DiskCollector.DiskSample::usedMiB).orElse(0L));
        PowerReading reading = power.sample(utilisation, nanoTime);
        return new NodeSample(capacity, used, reading, collect("temperature", thermal::hottestCelsius), found.runtimes(), found.dpus(),
                prober.probe());
    }

    private Inventory inventory(long nanoTime) {
        if (inventory == null || nanoTime - inventory.takenAtNanos() >= INVENTORY_REFRESH.toNanos()) {
            List<PciDevices.PciFunction> functions = PciDevices.scan(sysRoot);
            if (functions.isEmpty()) {
                absences.absent("GPUs and DPUs", "no readable PCI functions under " + sysRoot.resolve("bus/pci/devices"));
            } else {
                absences.present("GPUs and DPUs");
            }
            List<String> runtimes = configuredRuntimes.isEmpty() ? runtimeDetector.detect() : configuredRuntimes;
            if (runtimes.isEmpty()) {
                absences.absent("runtimes", "none of runc, runsc, kata-runtime, firecracker, wasmtime, wasmedge or containerd shims"
                        + " on runtimes.path; set runtimes to name them");
            } else {
                absences.present("runtimes");
            }
            inventory = new Inventory(runtimes, gpus.count(functions), dpus.find(functions), nanoTime);
        }
        return inventory;
    }

    private interface Collection<T> {
        T collect() throws Unavailable;
    }

    private <T> Optional<T> collect(String what, Collection<T> collector) {
        try {
            T value = collector.collect();
            absences.present(what);
            return Optional.of(value);
        } catch (Unavailable e) {
            absences.absent(what, e.getMessage());
        } catch (RuntimeException e) {
            // A collector's bug must cost its field, not the report.
            if (!absences.isAbsent(what)) {
                Log.warning(what + " collector failed", e);
            }
            absences.absent(what, e.toString());
        }
        return Optional.empty();
    }
}
