package io.heliostat.controller.rest;

import io.heliostat.controller.reoptimisation.FleetReoptimisation;

/** {@code /api/v1/reoptimisations}: the fleet's re-optimisation rounds, their moves and the grams they save. */
public final class ReoptimisationsResource {

    private final FleetReoptimisation reoptimisation;

    public ReoptimisationsResource(FleetReoptimisation reoptimisation) {
        this.reoptimisation = reoptimisation;
    }

    /** The rounds kept, the newest first. */
    public ApiResponse list() {
        return ApiResponse.ok(reoptimisation.rounds());
    }

    public ApiResponse get(String roundId) {
        return ApiResponse.ok(reoptimisation.round(roundId)
                .orElseThrow(() -> ApiProblem.notFound("no re-optimisation round '" + roundId + "' is kept")));
    }

    /** {@code POST /reoptimisations}: 202 with a round the leader runs at its next check; GET it to follow it. */
    public ApiResponse request() {
        return ApiResponse.accepted(reoptimisation.request());
    }
}
