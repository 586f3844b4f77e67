package io.heliostat.controller.leader;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.hazelcast.map.EntryProcessor;

/**
 * Takes the lease for this member, raising the epoch, unless it already holds it. Runs on the member that owns
 * the entry, so two members claiming at once get different epochs and the later one wins.
 */
// Hazelcast's getBackupProcessor() is not part of the wire form: the backup runs this same processor.
@JsonIgnoreProperties("backupProcessor")
public record ClaimLease(String memberUuid, String memberAddress, long nowMillis) implements EntryProcessor<String, Lease, Lease> {

    @Override
    public Lease process(Map.Entry<String, Lease> entry) {
        Lease current = entry.getValue();
        if (current != null && current.memberUuid().equals(memberUuid)) {
            return current;
        }
        Lease claimed = new Lease(entry.getKey(), memberUuid, memberAddress, current == null ? 1 : current.epoch() + 1, nowMillis);
        entry.setValue(claimed);
        return claimed;
    }
}
