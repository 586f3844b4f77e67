package io.heliostat.controller.rest;

import java.util.List;
import java.util.function.Function;

import io.heliostat.api.placement.WorkloadSpec;
import io.heliostat.controller.actuation.ReplicaActuation;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.PlacementService;

/** {@code /api/v1/placements}: carbon-aware placement of one workload at a time. */
public final class PlacementsResource {

    private final PlacementService placements;
    private final Function<PlacedWorkload, List<ReplicaActuation>> actuation;
    private final JsonBodies bodies;

    /** {@code actuation} says how a placed workload's edge replicas are actuated. */
    public PlacementsResource(PlacementService placements, Function<PlacedWorkload, List<ReplicaActuation>> actuation,
                              JsonBodies bodies) {
        this.placements = placements;
        this.actuation = actuation;
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

    /** {@code GET /placements/{id}}: the workload, its decision, and how its edge replicas are actuated. */
    public ApiResponse get(String workloadId) {
        PlacedWorkload placed = placements.placement(workloadId)
                .orElseThrow(() -> ApiProblem.notFound("no workload '" + workloadId + "' is placed"));
        return ApiResponse.ok(new PlacementView(placed, actuation.apply(placed)));
    }

    /** {@code DELETE /placements/{id}}: frees its replicas' capacity. */
    public ApiResponse delete(String workloadId) {
        placements.remove(workloadId);
        return ApiResponse.noContent();
    }
}
