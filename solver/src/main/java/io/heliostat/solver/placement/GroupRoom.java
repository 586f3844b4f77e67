package io.heliostat.solver.placement;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Resources;

/**
 * The most room any node of a group of alike nodes has left at its busiest slot, per resource. Once the
 * cleanest zones fill up, every replica would otherwise test each of their full nodes in turn; a group
 * whose best node cannot take a request is skipped whole. Kept lazily: a commit marks its node's group
 * stale and the next question recomputes it.
 */
final class GroupRoom {

    private final LoadLedger ledger;
    private final Map<List<Node>, long[]> maxFree = new IdentityHashMap<>();
    private final Map<Node, List<Node>> groupOf = new IdentityHashMap<>();
    private final long[] scratch = new long[LoadLedger.RESOURCES];

    GroupRoom(LoadLedger ledger) {
        this.ledger = ledger;
    }

    /** False only when no node of the group can take {@code request} in every slot at once. */
    boolean mayFit(List<Node> group, Resources request) {
        long[] free = maxFree.get(group);
        if (free == null) {
            free = recompute(group);
        }
        return request.cpuMillis() <= free[0] && request.memoryMiB() <= free[1] && request.gpus() <= free[2]
                && request.dpus() <= free[3] && request.ephemeralStorageMiB() <= free[4];
    }

    void changed(Node node) {
        List<Node> group = groupOf.get(node);
        if (group != null) {
            maxFree.remove(group);
        }
    }

    private long[] recompute(List<Node> group) {
        long[] free = new long[LoadLedger.RESOURCES];
        java.util.Arrays.fill(free, Long.MIN_VALUE);
        for (Node node : group) {
            groupOf.putIfAbsent(node, group);
            ledger.freeAtPeak(node, scratch);
            for (int d = 0; d < free.length; d++) {
                free[d] = Math.max(free[d], scratch[d]);
            }
        }
        maxFree.put(group, free);
        return free;
    }
}
