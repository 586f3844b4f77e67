package io.heliostat.solver.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.heliostat.solver.constraints.NodeUsage;
import io.heliostat.solver.constraints.NodeUsage.Dimension;
import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.constraints.justifications.CapacityExceeded;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Resources;

/**
 * What is committed on every node in every slot, in {@link NodeUsage}'s dimensions, for placers that add
 * replicas one by one (the greedy placers, and the advisor that places single workloads against a live
 * plan). Keeps each node's peak over the horizon too, so that most fit checks need no slot scan; a
 * {@link #release} (a withdrawn decision, or a move that tries placements and takes them back) rescans the
 * node's slots for its peak.
 */
public final class LoadLedger {

    private static final int CPU = Dimension.CPU.ordinal();
    private static final int MEMORY = Dimension.MEMORY.ordinal();
    private static final int MILLIWATTS = Dimension.INCREMENTAL_MILLIWATTS.ordinal();
    private static final Dimension[] DIMENSION = Dimension.values();
    private static final int DIMENSIONS = DIMENSION.length;

    private final List<Node> nodes;
    private final int slots;
    /** [node][slot * DIMENSIONS + dimension]. */
    private final long[][] load;
    /** [node][dimension]: the most any slot holds. */
    private final long[][] peak;
    private final long[][] capacity;
    private final int[] replicaCount;

    public LoadLedger(List<Node> nodes, int slots) {
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
        long[] capacity = new long[DIMENSIONS];
        for (Dimension dimension : DIMENSION) {
            capacity[dimension.ordinal()] = PlacementConstraints.capacityOf(node, dimension);
        }
        return capacity;
    }

    /** What {@code request} takes of the node in each slot it runs. */
    public static long[] demandOf(Node node, Resources request) {
        return NodeUsage.demandOf(node, request);
    }

    public boolean fits(Node node, long[] demand, int from, int to) {
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

    public void commit(Node node, long[] demand, int from, int to) {
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

    /** Takes back what {@link #commit} booked with the same arguments. */
    public void release(Node node, long[] demand, int from, int to) {
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

    /**
     * What adding {@code demand} in slots {@code [from, to)} would over-commit: the first dimension over capacity,
     * the slots it is over in and its peak load; empty when the demand fits.
     */
    public Optional<Overcommit> overcommit(Node node, long[] demand, int from, int to) {
        int n = node.index();
        for (int d = 0; d < DIMENSIONS; d++) {
            List<Integer> over = new ArrayList<>();
            long peakLoad = peak[n][d];
            for (int slot = from; slot < to; slot++) {
                long loadThen = load[n][slot * DIMENSIONS + d] + demand[d];
                if (loadThen > capacity[n][d]) {
                    over.add(slot);
                }
                peakLoad = Math.max(peakLoad, loadThen);
            }
            if (!over.isEmpty()) {
                return Optional.of(new Overcommit(DIMENSION[d], over, peakLoad));
            }
        }
        return Optional.empty();
    }

    /** A dimension over capacity in {@code slots}, carrying {@code peakLoad} at most. */
    public record Overcommit(Dimension dimension, List<Integer> slots, long peakLoad) {

        public Overcommit {
            slots = List.copyOf(slots);
        }

        /** As the capacity constraints would justify it. */
        public CapacityExceeded justification(Node node) {
            return PlacementConstraints.capacityExceeded(node, dimension, slots, peakLoad);
        }
    }

    /** Room left at the node's busiest slot, for each resource of {@link Resources} (power excluded). */
    void freeAtPeak(Node node, long[] free) {
        int n = node.index();
        for (int d = 0; d < MILLIWATTS; d++) {
            free[d] = capacity[n][d] - peak[n][d];
        }
    }

    static final int RESOURCES = MILLIWATTS;

    /** True when the node carries anything, so that placing more on it does not switch it on. */
    public boolean isOn(Node node) {
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
    public long cpuAboveTargetAdded(Node node, long cpuMillis, long targetMillis, int from, int to) {
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
