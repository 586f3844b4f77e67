package io.heliostat.controller.rest;

import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.PlacementService;

/** {@code /api/v1/placements}: carbon-aware placement of one workload at a time. */
public final class PlacementsResource {

    private final PlacementService placements;
    private final JsonBodies bodies;

    public PlacementsResource(PlacementService placements, JsonBodies bodies) {
        this.placements = placements;
        this.bodies = bodies;
    }

    /** {@code POST /placements}: 201 with a decision per replica (a replica no node can take says why). */
    public ApiResponse place(byte[] body) {
        WorkloadSpec spec = bodies.read(body, WorkloadSpec.class, "placement request");
        return ApiResponse.created(placements.place(spec));
    }

    public ApiResponse list() {
        return ApiResponse.ok(placements.placements());
    }

    public ApiResponse get(String workloadId) {
        PlacedWorkload placed = placements.placement(workloadId)
                .orElseThrow(() -> ApiProblem.notFound("no workload '" + workloadId + "' is placed"));
        return ApiResponse.ok(placed);
    }

    /** {@code DELETE /placements/{id}}: frees its replicas' capacity. */
    public ApiResponse delete(String workloadId) {
        placements.remove(workloadId);
        return ApiResponse.noContent();
    }
}
