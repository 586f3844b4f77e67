package io.heliostat.solver.io;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.UserLocation;

/**
 * A problem file read whole: the plan, and the user locations it declares by id (a plan only reaches those its
 * workloads use).
 */
public record FleetDefinition(FleetPlan plan, Map<String, UserLocation> userLocations) {

    public FleetDefinition {
        Objects.requireNonNull(plan, "plan");
        userLocations = Map.copyOf(userLocations);
    }

    public Optional<UserLocation> userLocation(String id) {
        return Optional.ofNullable(userLocations.get(id));
    }
}
