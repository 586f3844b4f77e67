package io.heliostat.controller.placement;

import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.WorkloadSpec;

/** An accepted workload and where its replicas run: one entry per workload in the shared {@code workloads} map. */
public record PlacedWorkload(WorkloadSpec spec, PlacementDecision decision) {
}
