package io.heliostat.agent.collect;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * NVIDIA GPUs: those the driver lists under {@code /proc/driver/nvidia/gpus/} (one directory per GPU, named by its
 * PCI address), and, where the driver is not loaded, PCI functions of vendor 0x10de whose class is a VGA (0x0300)
 * or 3D (0x0302) controller.
 */
public final class GpuCollector {

    private static final String NVIDIA = "10de";

    private final Path driverGpus;

    public GpuCollector(Path procRoot) {
        this.driverGpus = procRoot.resolve("driver/nvidia/gpus");
    }

    int count(List<PciDevices.PciFunction> functions) {
        Set<String> addresses = new TreeSet<>();
        SysFiles.list(driverGpus, "*").forEach(gpu -> addresses.add(gpu.getFileName().toString().toLowerCase()));
        for (PciDevices.PciFunction function : functions) {
            if (function.vendorId().equals(NVIDIA) && (function.classCode().startsWith("0300") || function.classCode().startsWith("0302"))) {
                addresses.add(function.address().toLowerCase());
            }
        }
        return addresses.size();
    }
}
