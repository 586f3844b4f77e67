package io.heliostat.controller.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.heliostat.controller.actuation.ReplicaActuation;
import io.heliostat.controller.placement.PlacedWorkload;

/**
 * One placed workload as {@code GET /api/v1/placements/{id}} shows it: its fields ({@code spec}, {@code decision},
 * {@code movedByRound}, {@code movedUnderEpoch}), and {@code actuation}, how each of its replicas on an edge node is
 * run there (empty when none is on an edge node).
 */
public record PlacementView(@JsonUnwrapped PlacedWorkload placement, List<ReplicaActuation> actuation) {
}
