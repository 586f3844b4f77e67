package io.heliostat.solver.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan file says beyond the solved model itself, given by the caller: a plan's explanation is
 * computed elsewhere (score analysis), so the writer takes it as plain values.
 *
 * @param problemFile     the problem file the plan was made for, as the user named it; written so that
 *                        {@code explain --plan} can find it
 * @param constraints     the score's breakdown by constraint, in the order to print them
 * @param unplacedReasons why a replica stayed unplaced, by replica id ({@code web#2}); replicas without an
 *                        entry are written without a reason, entries of placed replicas are ignored
 */
public record PlanDetails(Optional<String> problemFile, List<ConstraintTotal> constraints, Map<String, String> unplacedReasons) {

    public static final PlanDetails NONE = new PlanDetails(Optional.empty(), List.of(), Map.of());

    public PlanDetails {
        problemFile = problemFile == null ? Optional.empty() : problemFile;
        constraints = List.copyOf(constraints);
        unplacedReasons = Map.copyOf(unplacedReasons);
    }

    public PlanDetails withProblemFile(String file) {
        return new PlanDetails(Optional.of(file), constraints, unplacedReasons);
    }

    public PlanDetails withConstraints(List<ConstraintTotal> totals) {
        return new PlanDetails(problemFile, totals, unplacedReasons);
    }

    public PlanDetails withUnplacedReasons(Map<String, String> reasons) {
        return new PlanDetails(problemFile, constraints, reasons);
    }
}
