package io.heliostat.api.placement;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One round of the fleet's background re-optimisation: the leader solved the whole live plan, moves charged their
 * migration cost, and wrote the moves worth making, at most the policy's limit per cluster.
 *
 * @param id             the round's id
 * @param epoch          the fencing epoch of the leader that ran it; 0 while it is only requested
 * @param member         the member that ran it
 * @param trigger        {@code interval}, {@code carbon-change}, {@code takeover} (a new leader resuming an
 *                       abandoned round) or {@code requested} (POST /api/v1/reoptimisations)
 * @param status         {@code requested}, {@code running}, {@code completed}, {@code failed}, or {@code abandoned}
 *                       (its leader left before it finished; a later round takes up the work)
 * @param zoneIntensities each zone's intensity (g/kWh) when the round solved, against which the next carbon change is
 *                       measured
 * @param proposed       moves the solve found
 * @param moves          the moves written (applied, stale or fenced), then up to {@link #MAX_LISTED_HELD_BACK} held back
 * @param heldBack       moves held back this round, by reason
 * @param gramsBefore    the plan's CO2e over the planning horizon (incremental and idle draw) before the round
 * @param gramsAfter     the same with the moves made
 * @param gramsSaved     {@code gramsBefore - gramsAfter}
 * @param message        why it failed or was abandoned; null otherwise
 */
public record ReoptimisationRound(String id, long epoch, String member, String trigger, String status, Instant requestedAt,
                                  Instant startedAt, Instant finishedAt, Map<String, Double> zoneIntensities, int proposed,
                                  List<ReplicaMove> moves, Map<String, Integer> heldBack, double gramsBefore,
                                  double gramsAfter, double gramsSaved, String message) {

    public static final String REQUESTED = "requested";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String ABANDONED = "abandoned";
    /** Held-back moves listed per round; the counts cover them all. */
    public static final int MAX_LISTED_HELD_BACK = 100;

    public ReoptimisationRound {
        zoneIntensities = zoneIntensities == null ? Map.of() : Map.copyOf(zoneIntensities);
        moves = moves == null ? List.of() : List.copyOf(moves);
        heldBack = heldBack == null ? Map.of() : Map.copyOf(heldBack);
    }

    /** A round asked for by a user, for the leader to run. */
    public static ReoptimisationRound requested(String id, Instant at) {
        return new ReoptimisationRound(id, 0, null, "requested", REQUESTED, at, null, null, null, 0, null, null, 0, 0, 0, null);
    }

    /** This round, now run by {@code member} under {@code epoch}, on these zone intensities. */
    public ReoptimisationRound running(long epoch, String member, String trigger, Instant at, Map<String, Double> intensities) {
        return new ReoptimisationRound(id, epoch, member, trigger, RUNNING, requestedAt, at, null, intensities, 0, null,
                null, 0, 0, 0, null);
    }

    public ReoptimisationRound ended(String status, Instant at, String message) {
        return new ReoptimisationRound(id, epoch, member, trigger, status, requestedAt, startedAt, at, zoneIntensities, proposed,
                moves, heldBack, gramsBefore, gramsAfter, gramsSaved, message);
    }

    @JsonIgnore
    public boolean isOpen() {
        return REQUESTED.equals(status) || RUNNING.equals(status);
    }
}
