package io.heliostat.controller.rest;

import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.carbon.ZoneCarbonBook;

/** {@code /api/v1/zones}: current and forecast carbon intensity per grid zone. */
public final class ZonesResource {

    private final ZoneCarbonBook zones;

    public ZonesResource(ZoneCarbonBook zones) {
        this.zones = zones;
    }

    public ApiResponse list() {
        return ApiResponse.ok(zones.zones());
    }

    public ApiResponse get(String zone) {
        ZoneCarbon carbon = zones.zone(zone).orElseThrow(() -> ApiProblem.notFound("no carbon signal for zone '" + zone + "'"));
        return ApiResponse.ok(carbon);
    }
}
