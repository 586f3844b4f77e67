package io.heliostat.solver.domain;

import java.util.Locale;

/** Services run for the whole horizon; batch and inference jobs run for a duration and may be shifted. */
public enum WorkloadKind {
    SERVICE, BATCH, INFERENCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
