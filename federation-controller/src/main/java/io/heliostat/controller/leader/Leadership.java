package io.heliostat.controller.leader;

import java.time.Clock;
import java.util.Optional;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * Singleton work without Hazelcast's CP subsystem (an Enterprise feature since 5.5): the oldest member of the
 * cluster leads, and proves it with a fencing epoch kept in a replicated map. A member that stops being the
 * oldest (it was partitioned away, or paused) finds at its next check that its epoch is no longer the lease's,
 * and work it stamps with the old epoch is refused wherever the epoch is checked.
 */
public final class Leadership {

    private final HazelcastInstance member;
    private final IMap<String, Lease> leases;
    private final Clock clock;

    public Leadership(HazelcastInstance member, IMap<String, Lease> leases, Clock clock) {
        this.member = member;
        this.leases = leases;
        this.clock = clock;
    }

    /**
     * The epoch under which this member may do {@code work} now: present only on the oldest member, which
     * claims the lease (a new epoch) the first time it asks after becoming the oldest.
     */
    public Optional<Long> lead(String work) {
        Member local = member.getCluster().getLocalMember();
        if (!isOldest()) {
            return Optional.empty();
        }
        Lease lease = leases.executeOnKey(work, new ClaimLease(local.getUuid().toString(), local.getAddress().toString(),
                clock.millis()));
        return lease.memberUuid().equals(local.getUuid().toString()) ? Optional.of(lease.epoch()) : Optional.empty();
    }

    /** Whether {@code epoch} is still the lease's epoch for {@code work} and this member still the oldest. */
    public boolean holds(String work, long epoch) {
        Lease lease = leases.get(work);
        return isOldest() && lease != null && lease.epoch() == epoch
                && lease.memberUuid().equals(member.getCluster().getLocalMember().getUuid().toString());
    }

    private boolean isOldest() {
        return member.getCluster().getMembers().iterator().next().localMember();
    }
}
