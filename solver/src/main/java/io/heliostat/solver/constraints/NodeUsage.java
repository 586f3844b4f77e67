package io.heliostat.solver.constraints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;

import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;

/**
 * What the replicas on one node request in each slot, every resource at once. One grouping per node
 * serves the capacity, power and headroom constraints; keeping the slots inside it (rather than joining
 * each replica with every slot it runs in) keeps the score's working set at one tuple per replica, which
 * a 50,000-replica fleet needs.
 */
public final class NodeUsage {

    /** What a node's slots hold, in the units of {@link Resources} and milliwatts of incremental draw. */
    public enum Dimension {
        CPU("cpu", "millicores", PlacementConstraints.CPU_CAPACITY),
        MEMORY("memory", "MiB", PlacementConstraints.MEMORY_CAPACITY),
        GPU("gpu", "GPUs", PlacementConstraints.GPU_CAPACITY),
        DPU("dpu", "DPUs", PlacementConstraints.DPU_CAPACITY),
        EPHEMERAL_STORAGE("ephemeral-storage", "MiB", PlacementConstraints.EPHEMERAL_STORAGE_CAPACITY),
        INCREMENTAL_MILLIWATTS("power", "W", PlacementConstraints.POWER_BUDGET);

        private final String resource;
        private final String unit;
        private final String constraint;

        Dimension(String resource, String unit, String constraint) {
            this.resource = resource;
            this.unit = unit;
            this.constraint = constraint;
        }

        /** Its name in a justification, such as "cpu". */
        public String resource() {
            return resource;
        }

        /** The unit a justification gives it in. */
        public String unit() {
            return unit;
        }

        /** The hard constraint that caps it. */
        public String constraint() {
            return constraint;
        }
    }

    private static final int DIMENSIONS = Dimension.values().length;

    private final long[] load;
    private final int slots;

    private NodeUsage(long[] load) {
        this.load = load;
        this.slots = load.length / DIMENSIONS;
    }

    /** Sum over the slots of what exceeds {@code limit}: the size of a violation, slot by slot. */
    public long above(Dimension dimension, long limit) {
        long excess = 0;
        for (int slot = 0; slot < slots; slot++) {
            excess += Math.max(0, load[slot * DIMENSIONS + dimension.ordinal()] - limit);
        }
        return excess;
    }

    /** Like {@link #above} for the power draw, counting each slot's excess in whole watts, rounded up. */
    public long wattsAbove(long idleMilliwatts, long budgetMilliwatts) {
        long excess = 0;
        for (int slot = 0; slot < slots; slot++) {
            long over = idleMilliwatts + load[slot * DIMENSIONS + Dimension.INCREMENTAL_MILLIWATTS.ordinal()] - budgetMilliwatts;
            if (over > 0) {
                excess += (over + 999) / 1000;
            }
        }
        return excess;
    }

    /** The slots where the dimension exceeds {@code limit}. */
    public List<Integer> slotsAbove(Dimension dimension, long limit) {
        List<Integer> over = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            if (load[slot * DIMENSIONS + dimension.ordinal()] > limit) {
                over.add(slot);
            }
        }
        return over;
    }

    public long peak(Dimension dimension) {
        long peak = 0;
        for (int slot = 0; slot < slots; slot++) {
            peak = Math.max(peak, load[slot * DIMENSIONS + dimension.ordinal()]);
        }
        return peak;
    }

    /** What {@code request} adds to {@code node} in each slot it runs, indexed by {@link Dimension#ordinal()}. */
    public static long[] demandOf(Node node, Resources request) {
        return new long[] {request.cpuMillis(), request.memoryMiB(), request.gpus(), request.dpus(),
                request.ephemeralStorageMiB(), Math.round(node.incrementalWatts(request) * 1000.0)};
    }

    /** Sums the requests of a node's replicas over the slots each one runs. */
    public static UniConstraintCollector<Replica, ?, NodeUsage> sum() {
        return Collector.INSTANCE;
    }

    private static final class Accumulator {
        private long[] load = new long[0];

        Runnable add(Replica replica) {
            long[] demand = demandOf(replica.getNode(), replica.getWorkload().request());
            int from = replica.start();
            int to = replica.getEndSlot();
            if (load.length < to * DIMENSIONS) {
                load = Arrays.copyOf(load, to * DIMENSIONS);
            }
            apply(demand, from, to, 1);
            return () -> apply(demand, from, to, -1);
        }

        private void apply(long[] demand, int from, int to, int sign) {
            for (int slot = from; slot < to; slot++) {
                int base = slot * DIMENSIONS;
                for (int d = 0; d < DIMENSIONS; d++) {
                    load[base + d] += sign * demand[d];
                }
            }
        }

        NodeUsage snapshot() {
            return new NodeUsage(load.clone());
        }
    }

    // One shared instance so that Timefold shares the grouping node between the constraints using it.
    private enum Collector implements UniConstraintCollector<Replica, Accumulator, NodeUsage> {
        INSTANCE;

        @Override
        public Supplier<Accumulator> supplier() {
            return Accumulator::new;
        }

        @Override
        public BiFunction<Accumulator, Replica, Runnable> accumulator() {
            return Accumulator::add;
        }

        @Override
        public Function<Accumulator, NodeUsage> finisher() {
            return Accumulator::snapshot;
        }
    }
}
