package io.heliostat.solver.io;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;

import io.heliostat.solver.domain.Horizon;

/**
 * A plan file as read back ({@link PlanFileReader#read}): what {@code explain --plan} needs to put the plan's
 * assignments onto its problem and to compare the recorded score and totals with a fresh analysis.
 *
 * @param source     the file, as named in errors
 * @param problem    the problem file the plan was made for, when the plan records it
 * @param placements in file order, so that index {@code i} is {@code $.placements[i]}
 * @param unplaced   in file order, so that index {@code i} is {@code $.unplaced[i]}
 */
public record PlanFile(String source, Optional<String> problem, Horizon horizon, Optional<HardMediumSoftScore> score,
                       PlanTotals totals, List<Placement> placements, List<Unplaced> unplaced,
                       List<ConstraintTotal> constraints) {

    public PlanFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(totals, "totals");
        placements = List.copyOf(placements);
        unplaced = List.copyOf(unplaced);
        constraints = List.copyOf(constraints);
    }

    /**
     * @param cluster the node's cluster as the plan recorded it, to notice a plan made for another fleet
     */
    public record Placement(String replica, String node, Optional<String> cluster, int startSlot) {
    }

    public record Unplaced(String replica, Optional<String> reason) {
    }
}
