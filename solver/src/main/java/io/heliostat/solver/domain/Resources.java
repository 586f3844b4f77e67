package io.heliostat.solver.domain;

/**
 * An amount of each schedulable resource: what a node offers or what a replica requests.
 *
 * @param cpuMillis CPU in millicores (1000 = one core)
 * @param memoryMiB memory in MiB
 * @param gpus whole GPUs
 * @param dpus whole DPUs (SmartNIC/IPU functions the workload offloads to)
 * @param ephemeralStorageMiB node-local scratch storage in MiB
 */
public record Resources(long cpuMillis, long memoryMiB, int gpus, int dpus, long ephemeralStorageMiB) {

    public static final Resources NONE = new Resources(0, 0, 0, 0, 0);

    public Resources {
        requireNonNegative("cpuMillis", cpuMillis);
        requireNonNegative("memoryMiB", memoryMiB);
        requireNonNegative("gpus", gpus);
        requireNonNegative("dpus", dpus);
        requireNonNegative("ephemeralStorageMiB", ephemeralStorageMiB);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }
}
