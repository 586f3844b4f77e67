package io.heliostat.solver.constraints;

import static io.heliostat.solver.testing.TestFleet.replica;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.solver.constraints.justifications.DeadlineMissed;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * A deferrable job must end by its deadline slot (exclusive end). The horizon has 4 slots.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
@DisplayName(PlacementConstraints.DEADLINE)
class JobDeadlineConstraintTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private final TestFleet fleet = new TestFleet(4);
    private final Node node = fleet.node("n1");
    /** Two slots of work, due by slot 3: may start at 0 or 1. */
    private final Workload train = fleet.job("train").duration(2).deadline(3).build();

    @Test
    void jobEndingAfterItsDeadlineCostsTheSlotsLate() {
        // starts at 2, runs slots 2 and 3, ends at 4: 4 - 3 = 1 slot late
        VERIFIER.verifyThat(PlacementConstraints::jobDeadline)
                .given(fleet.with(replica(train, 0, node, 2)))
                .justifiesWith(new DeadlineMissed("train#0", 4, 3))
                .penalizesBy(1);
    }

    @Test
    void jobEndingExactlyAtItsDeadlineIsOnTime() {
        // starts at 1, runs slots 1 and 2, ends at 3 = the deadline
        VERIFIER.verifyThat(PlacementConstraints::jobDeadline)
                .given(fleet.with(replica(train, 0, node, 1)))
                .penalizes(0);
    }

    @Test
    void jobEndingBeforeItsDeadlineIsOnTime() {
        // starts at 0, ends at 2 < 3
        VERIFIER.verifyThat(PlacementConstraints::jobDeadline)
                .given(fleet.with(replica(train, 0, node, 0)))
                .penalizes(0);
    }

    @ParameterizedTest(name = "a one-slot job due by slot 2 that starts at {0} costs {1}")
    @CsvSource({
            // ends at 3: 3 - 2 = 1
            "2, 1",
            // ends at 4: 4 - 2 = 2
            "3, 2"})
    void penaltyGrowsWithTheDelay(int startSlot, int penalty) {
        Workload report = fleet.job("report").deadline(2).build();

        VERIFIER.verifyThat(PlacementConstraints::jobDeadline)
                .given(fleet.with(replica(report, 0, node, startSlot)))
                .penalizesBy(penalty);
    }

    @Test
    void serviceRunsTheWholeHorizonAndIsNeverLate() {
        Workload web = fleet.service("web").build();

        // starts at 0, runs 4 slots, ends at 4 = its deadline 4
        VERIFIER.verifyThat(PlacementConstraints::jobDeadline)
                .given(fleet.with(replica(web, 0, node)))
                .penalizes(0);
    }
}
