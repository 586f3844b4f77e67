package io.heliostat.controller.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

import io.heliostat.api.placement.PlacementDecision;
import io.heliostat.api.placement.ReplicaDecision;
import io.heliostat.api.placement.ReplicaMove;

/**
 * Writes a re-optimisation round's moves of one workload, on the member that owns its entry. Fenced: refused
 * whole when a round of a newer leader (a higher epoch) has moved the workload. Each replica moves only if it is
 * still where the round found it, so a move written twice (a leader that died and was replaced mid-round, a
 * retried write) applies once. Returns each change's outcome, {@link ReplicaMove#APPLIED}, {@link ReplicaMove#STALE}
 * or {@link ReplicaMove#FENCED}.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record MoveReplicas(String round, long epoch, List<ReplicaChange> changes)
        implements EntryProcessor<String, PlacedWorkload, ArrayList<String>> {

    @Override
    public ArrayList<String> process(Map.Entry<String, PlacedWorkload> entry) {
        PlacedWorkload placed = entry.getValue();
        ArrayList<String> outcomes = new ArrayList<>();
        if (placed == null || placed.movedUnderEpoch() > epoch) {
            changes.forEach(change -> outcomes.add(placed == null ? ReplicaMove.STALE : ReplicaMove.FENCED));
            return outcomes;
        }
        List<ReplicaDecision> replicas = new ArrayList<>(placed.decision().replicas());
        boolean moved = false;
        for (ReplicaChange change : changes) {
            boolean applies = change.replica() < replicas.size()
                    && Objects.equals(replicas.get(change.replica()).node(), change.expectedNode());
            if (applies) {
                replicas.set(change.replica(), change.moved());
                moved = true;
            }
            outcomes.add(applies ? ReplicaMove.APPLIED : ReplicaMove.STALE);
        }
        if (moved) {
            PlacementDecision decision = placed.decision();
            entry.setValue(new PlacedWorkload(placed.spec(), new PlacementDecision(decision.workload(), decision.tenant(),
                    decision.policy(), decision.decidedAt(), decision.decisionMicros(),
                    replicas.stream().mapToDouble(ReplicaDecision::gramsPerHour).sum(), replicas), round, epoch));
        }
        return outcomes;
    }
}
