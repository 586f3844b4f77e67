package io.heliostat.api.node;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * Amounts of a node's resources, in the units the agent measures: millicores, MiB, whole devices.
 */
public record ResourceAmounts(long cpuMillis, long memoryMiB, int gpus, int dpus, long ephemeralStorageMiB)
        implements Validated {

    @Override
    public void validate(Validator validator) {
        validator.atLeast("cpuMillis", cpuMillis, 0);
        validator.atLeast("memoryMiB", memoryMiB, 0);
        validator.atLeast("gpus", gpus, 0);
        validator.atLeast("dpus", dpus, 0);
        validator.atLeast("ephemeralStorageMiB", ephemeralStorageMiB, 0);
    }
}
