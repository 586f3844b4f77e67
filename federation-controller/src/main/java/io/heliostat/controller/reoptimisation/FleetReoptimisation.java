package io.heliostat.controller.reoptimisation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.hazelcast.map.IMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.api.placement.ReplicaMove;
import io.heliostat.api.policy.ReoptimisationSpec;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.leader.Leadership;
import io.heliostat.controller.placement.MoveReplicas;
import io.heliostat.controller.placement.PlacedWorkload;
import io.heliostat.controller.placement.PlacementService;
import io.heliostat.controller.placement.PlacementService.WrittenMoves;
import io.heliostat.solver.advice.FleetReoptimiser;
import io.heliostat.solver.advice.ProposedMove;
import io.heliostat.solver.advice.Reoptimisation;
import io.heliostat.solver.domain.FleetPlan;

/**
 * The fleet's background re-optimisation, singleton work of the oldest member under a fencing epoch. Each round
 * solves the whole live plan with every move charged its migration cost, then writes the moves worth making, at
 * most the policy's limit per cluster; a round runs when the policy's interval is up, when a zone's intensity has
 * moved beyond the policy's threshold since the last round, when a user asks for one, and when a new leader finds
 * the round of the one before it unfinished.
 *
 * <p>Rounds are kept in the shared {@code reoptimisations} map, so a new leader knows when the last ran and what it
 * left. Moves are written fenced (see {@link MoveReplicas}): a leader replaced mid-round writes nothing over its
 * successor's moves, and a move written twice applies once.
 */
public final class FleetReoptimisation {

    private static final Logger LOG = LoggerFactory.getLogger(FleetReoptimisation.class);
    /** The lease of the singleton work. */
    public static final String WORK = "fleet-reoptimisation";
    public static final String INTERVAL = "interval";
    public static final String CARBON_CHANGE = "carbon-change";
    public static final String TAKEOVER = "takeover";
    public static final String REQUESTED = "requested";

    private final Leadership leadership;
    private final IMap<String, ReoptimisationRound> rounds;
    private final IMap<String, PlacedWorkload> workloads;
    private final PlacementService placements;
    private final Supplier<List<ZoneCarbon>> zones;
    private final Supplier<ReoptimisationSpec> policy;
    private final FleetReoptimiser reoptimiser;
    private final int retainedRounds;
    private final Clock clock;
    private final String member;
    private final AtomicLong sequence = new AtomicLong();

    public FleetReoptimisation(Leadership leadership, IMap<String, ReoptimisationRound> rounds, IMap<String, PlacedWorkload> workloads,
                               PlacementService placements, Supplier<List<ZoneCarbon>> zones, Supplier<ReoptimisationSpec> policy,
                               FleetReoptimiser reoptimiser, int retainedRounds, Clock clock, String member) {
        this.leadership = leadership;
        this.rounds = rounds;
        this.workloads = workloads;
        this.placements = placements;
        this.zones = zones;
        this.policy = policy;
        this.reoptimiser = reoptimiser;
        this.retainedRounds = retainedRounds;
        this.clock = clock;
        this.member = member;
    }

    /**
     * On the leader, runs a round if one is due, and returns it; on any other member, or when none is due, does
     * nothing. Called every few seconds on every member, so that a new leader takes over within one call.
     */
    public synchronized Optional<ReoptimisationRound> runIfDue() {
        Optional<Long> epoch = leadership.lead(WORK);
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<ReoptimisationRound> known = new ArrayList<>(rounds.values());
        boolean takeover = false;
        for (ReoptimisationRound round : known) {
            if (ReoptimisationRound.RUNNING.equals(round.status()) && round.epoch() < epoch.get()) {
                LOG.warn("re-optimisation round {} of member {} (epoch {}) did not finish: its leader left; resuming", round.id(),
                        round.member(), round.epoch());
                rounds.set(round.id(), round.ended(ReoptimisationRound.ABANDONED, now, "its leader, member " + round.member()
                        + " (epoch " + round.epoch() + "), left before it finished; a later round took up the work"));
                takeover = true;
            }
        }
        Optional<ReoptimisationRound> requested = known.stream()
                .filter(round -> ReoptimisationRound.REQUESTED.equals(round.status()))
                .min(Comparator.comparing(ReoptimisationRound::requestedAt));
        Optional<ReoptimisationRound> last = known.stream().filter(round -> round.startedAt() != null)
                .max(Comparator.comparing(ReoptimisationRound::startedAt));
        Map<String, Double> intensities = intensities();
        String trigger = requested.isPresent() ? REQUESTED
                : takeover ? TAKEOVER
                : last.isEmpty() || !now.isBefore(last.get().startedAt().plus(policy.get().intervalDuration())) ? INTERVAL
                : carbonChanged(last.get().zoneIntensities(), intensities) ? CARBON_CHANGE
                : null;
        if (trigger == null) {
            return Optional.empty();
        }
        ReoptimisationRound round = requested.orElseGet(() ->
                ReoptimisationRound.requested("r" + epoch.get() + "-" + sequence.incrementAndGet(), now));
        return Optional.of(run(round.running(epoch.get(), member, trigger, now, intensities), epoch.get()));
    }

    /** Asks the leader, whichever member it is, for a round at its next check; returns the round as requested. */
    public ReoptimisationRound request() {
        ReoptimisationRound round = ReoptimisationRound.requested("q-" + UUID.randomUUID().toString().substring(0, 8), clock.instant());
        rounds.set(round.id(), round);
        return round;
    }

    public Optional<ReoptimisationRound> round(String id) {
        return Optional.ofNullable(rounds.get(id));
    }

    /** The rounds kept, the newest first. */
    public List<ReoptimisationRound> rounds() {
        List<ReoptimisationRound> all = new ArrayList<>(rounds.values());
        all.sort(Comparator.comparing(ReoptimisationRound::requestedAt).reversed());
        return all;
    }

    private ReoptimisationRound run(ReoptimisationRound running, long epoch) {
        rounds.set(running.id(), running);
        LOG.info("re-optimisation round {} ({}) starts under epoch {}", running.id(), running.trigger(), epoch);
        ReoptimisationRound ended;
        try {
            FleetPlan snapshot = placements.reoptimisationSnapshot(zones.get());
            List<ProposedMove> proposed = reoptimiser.propose(snapshot);
            if (!leadership.holds(WORK, epoch)) {
                ended = running.ended(ReoptimisationRound.ABANDONED, clock.instant(),
                        "this member stopped leading during the solve; nothing was written");
            } else {
                WrittenMoves written = placements.writeMoves(reoptimiser, snapshot.getHorizon(), proposed,
                        policy.get().maxMovesPerCluster(), (workloadId, changes) -> leadership.holds(WORK, epoch)
                                ? workloads.executeOnKey(workloadId, new MoveReplicas(running.id(), epoch, changes))
                                : changes.stream().map(change -> ReplicaMove.FENCED).toList());
                ended = completed(running, proposed.size(), written);
            }
        } catch (RuntimeException e) {
            LOG.error("re-optimisation round {} failed", running.id(), e);
            ended = running.ended(ReoptimisationRound.FAILED, clock.instant(), e.toString());
        }
        rounds.set(ended.id(), ended);
        LOG.info("re-optimisation round {} {}: {} moves written of {} proposed, {} g CO2e saved over the horizon", ended.id(),
                ended.status(), ended.moves().stream().filter(move -> !ReplicaMove.HELD_BACK.equals(move.outcome())).count(),
                ended.proposed(), Math.round(ended.gramsSaved()));
        prune();
        return ended;
    }

    private ReoptimisationRound completed(ReoptimisationRound running, int proposed, WrittenMoves written) {
        double before = written.selection().map(selection -> selection.totalsBefore().carbonGrams()).orElse(0.0);
        double after = written.selection().map(selection -> selection.totalsAfter().carbonGrams()).orElse(0.0);
        return new ReoptimisationRound(running.id(), running.epoch(), running.member(), running.trigger(),
                ReoptimisationRound.COMPLETED, running.requestedAt(), running.startedAt(), clock.instant(), running.zoneIntensities(),
                proposed, written.moves(), written.heldBack(), before, after,
                written.selection().map(Reoptimisation::carbonGramsSaved).orElse(0.0), null);
    }

    private Map<String, Double> intensities() {
        Map<String, Double> intensities = new HashMap<>();
        zones.get().forEach(zone -> intensities.put(zone.zone(), zone.gramsPerKwh()));
        return intensities;
    }

    /** Whether any zone has moved beyond the policy's threshold, as a fraction of its value at the last round. */
    private boolean carbonChanged(Map<String, Double> then, Map<String, Double> now) {
        double threshold = policy.get().carbonChangeThreshold();
        return now.entrySet().stream().anyMatch(zone -> {
            Double before = then.get(zone.getKey());
            return before == null || Math.abs(zone.getValue() - before) > threshold * Math.max(before, 1e-9);
        });
    }

    /** Keeps the newest finished rounds; open ones always stay. */
    private void prune() {
        List<ReoptimisationRound> finished = rounds().stream().filter(round -> !round.isOpen()).toList();
        finished.stream().skip(retainedRounds).forEach(round -> rounds.delete(round.id()));
    }
}
