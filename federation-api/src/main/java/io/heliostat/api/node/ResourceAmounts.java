package io.heliostat.api.node;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * Amounts of a node's resources, in the units the agent measures: millicores, MiB, whole devices.
 */
public record ResourceAmounts(long cpuMillis, long memoryMiB, int gpus, int dpus, long ephemeralStorageMiB)
        implements Validated {

    public static final ResourceAmounts NONE = new ResourceAmounts(0, 0, 0, 0, 0);

    @Override
    public void validate(Validator validator) {
        validator.atLeast("cpuMillis", cpuMillis, 0);
        validator.atLeast("memoryMiB", memoryMiB, 0);
        validator.atLeast("gpus", gpus, 0);
        validator.atLeast("dpus", dpus, 0);
        validator.atLeast("ephemeralStorageMiB", ephemeralStorageMiB, 0);
    }

    /** Whether each amount is at most {@code other}'s. */
    public boolean fitsWithin(ResourceAmounts other) {
        return cpuMillis <= other.cpuMillis && memoryMiB <= other.memoryMiB && gpus <= other.gpus && dpus <= other.dpus
                && ephemeralStorageMiB <= other.ephemeralStorageMiB;
    }
}
