package io.heliostat.solver.placement;

import java.util.Arrays;
import java.util.List;

import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Resources;

/**
 * What is committed on every node in every slot, for placers that add replicas one by one. Keeps each
 * node's peak over the horizon too, so that most fit checks need no slot scan. Placers only add; moves that
 * try placements and take them back {@link #release} them, which rescans the node's slots for its peak.
 */
final class LoadLedger {

    private static final int CPU = 0;
    private static final int MEMORY = 1;
    private static final int GPU = 2;
    private static final int DPU = 3;
    private static final int STORAGE = 4;
    private static final int MILLIWATTS = 5;
    private static final int DIMENSIONS = 6;

    private final List<Node> nodes;
    private final int slots;
    /** [node][slot * DIMENSIONS + dimension]. */
    private final long[][] load;
    /** [node][dimension]: the most any slot holds. */
    private final long[][] peak;
    private final long[][] capacity;
    private final int[] replicaCount;

    LoadLedger(List<Node> nodes, int slots) {
        this.nodes = nodes;
        this.slots = slots;
        this.load = new long[nodes.size()][slots * DIMENSIONS];
        this.peak = new long[nodes.size()][DIMENSIONS];
        this.capacity = new long[nodes.size()][];
        this.replicaCount = new int[nodes.size()];
        for (Node node : nodes) {
            capacity[node.index()] = capacityOf(node);
        }
    }

    private static long[] capacityOf(Node node) {
        Resources c = node.capacity();
        long powerHeadroom = node.hasPowerBudget()
                ? Math.round(node.powerBudgetWatts() * 1000.0) - Math.round(node.power().idleWatts() * 1000.0)
                : Long.MAX_VALUE;
        return new long[] {c.cpuMillis(), c.memoryMiB(), c.gpus(), c.dpus(), c.ephemeralStorageMiB(), powerHeadroom};
    }

    static long[] demandOf(Node node, Resources request) {
        return new long[] {request.cpuMillis(), request.memoryMiB(), request.gpus(), request.dpus(),
                request.ephemeralStorageMiB(), Math.round(node.incrementalWatts(request) * 1000.0)};
    }

    boolean fits(Node node, long[] demand, int from, int to) {
        int n = node.index();
        long[] cap = capacity[n];
        long[] top = peak[n];
        boolean underPeak = true;
        for (int d = 0; d < DIMENSIONS; d++) {
            if (demand[d] > cap[d]) {
                return false;
            }
            if (top[d] + demand[d] > cap[d]) {
                underPeak = false;
            }
        }
        if (underPeak) {
            return true;
        }
        if (from == 0 && to == slots) {
            return false; // the busiest slot is one of these, and it has no room
        }
        long[] slotLoad = load[n];
        for (int slot = from; slot < to; slot++) {
            int base = slot * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                if (slotLoad[base + d] + demand[d] > cap[d]) {
                    return false;
                }
            }
        }
        return true;
    }

    void commit(Node node, long[] demand, int from, int to) {
        int n = node.index();
        long[] slotLoad = load[n];
        long[] top = peak[n];
        for (int slot = from; slot < to; slot++) {
            int base = slot * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                slotLoad[base + d] += demand[d];
                top[d] = Math.max(top[d], slotLoad[base + d]);
            }
        }
        replicaCount[n]++;
    }

    /** Takes back a {@link #commit} of the same demand and slots. */
    void release(Node node, long[] demand, int from, int to) {
        int n = node.index();
        long[] slotLoad = load[n];
        for (int slot = from; slot < to; slot++) {
            int base = slot * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                slotLoad[base + d] -= demand[d];
            }
        }
        long[] top = peak[n];
        Arrays.fill(top, 0);
        for (int slot = 0; slot < slots; slot++) {
            int base = slot * DIMENSIONS;
            for (int d = 0; d < DIMENSIONS; d++) {
                top[d] = Math.max(top[d], slotLoad[base + d]);
            }
        }
        replicaCount[n]--;
    }

    /** Room left at the node's busiest slot, for each resource of {@link Resources} (power excluded). */
    void freeAtPeak(Node node, long[] free) {
        int n = node.index();
        for (int d = 0; d < MILLIWATTS; d++) {
            free[d] = capacity[n][d] - peak[n][d];
        }
    }

    static final int RESOURCES = MILLIWATTS;

    boolean isOn(Node node) {
        return replicaCount[node.index()] > 0;
    }

    /**
     * Least-allocated score after adding {@code demand} (kube-scheduler's NodeResourcesFit): the mean
     * free fraction of CPU and memory at the node's busiest slot, higher is emptier.
     */
    double freeShareAfter(Node node, long[] demand) {
        int n = node.index();
        double cpuFree = share(capacity[n][CPU] - peak[n][CPU] - demand[CPU], capacity[n][CPU]);
        double memoryFree = share(capacity[n][MEMORY] - peak[n][MEMORY] - demand[MEMORY], capacity[n][MEMORY]);
        return (cpuFree + memoryFree) / 2;
    }

    private static double share(long free, long total) {
        return total == 0 ? 0 : (double) free / total;
    }

    /** How many millicore-slots above {@code targetMillis} adding {@code cpuMillis} over the slots creates. */
    long cpuAboveTargetAdded(Node node, long cpuMillis, long targetMillis, int from, int to) {
        int n = node.index();
        if (peak[n][CPU] + cpuMillis <= targetMillis) {
            return 0;
        }
        long[] slotLoad = load[n];
        long added = 0;
        for (int slot = from; slot < to; slot++) {
            long before = slotLoad[slot * DIMENSIONS + CPU];
            added += Math.max(0, before + cpuMillis - targetMillis) - Math.max(0, before - targetMillis);
        }
        return added;
    }

    int slots() {
        return slots;
    }

    List<Node> nodes() {
        return nodes;
    }
}
