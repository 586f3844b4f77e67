package io.heliostat.solver.constraints;

import java.util.function.Function;
import java.util.function.Supplier;

import ai.timefold.solver.core.api.function.TriFunction;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintCollector;

import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.TimeSlot;

/**
 * What the replicas on one node request in one slot, every resource at once: the capacity, power and
 * headroom constraints all read this one grouping instead of building a join each.
 *
 * @param incrementalMilliwatts the draw the replicas add above idle, in mW (integral so that adding and
 *                              removing a replica never drifts)
 */
public record NodeLoad(long cpuMillis, long memoryMiB, long gpus, long dpus, long ephemeralStorageMiB,
                       long incrementalMilliwatts) {

    public double incrementalWatts() {
        return incrementalMilliwatts / 1000.0;
    }

    /** Sums the requests of (replica, slot) pairs; the slot is only the grouping key. */
    public static BiConstraintCollector<Replica, TimeSlot, ?, NodeLoad> sum() {
        return Collector.INSTANCE;
    }

    private static final class Accumulator {
        long cpuMillis;
        long memoryMiB;
        long gpus;
        long dpus;
        long ephemeralStorageMiB;
        long incrementalMilliwatts;

        Runnable add(Replica replica) {
            Resources request = replica.getWorkload().request();
            long milliwatts = Math.round(replica.incrementalWatts() * 1000.0);
            apply(request, milliwatts, 1);
            return () -> apply(request, milliwatts, -1);
        }

        private void apply(Resources request, long milliwatts, int sign) {
            cpuMillis += sign * request.cpuMillis();
            memoryMiB += sign * request.memoryMiB();
            gpus += sign * request.gpus();
            dpus += sign * request.dpus();
            ephemeralStorageMiB += sign * request.ephemeralStorageMiB();
            incrementalMilliwatts += sign * milliwatts;
        }

        NodeLoad snapshot() {
            return new NodeLoad(cpuMillis, memoryMiB, gpus, dpus, ephemeralStorageMiB, incrementalMilliwatts);
        }
    }

    // One shared instance so that Timefold shares the grouping node between the constraints using it.
    private enum Collector implements BiConstraintCollector<Replica, TimeSlot, Accumulator, NodeLoad> {
        INSTANCE;

        @Override
        public Supplier<Accumulator> supplier() {
            return Accumulator::new;
        }

        @Override
        public TriFunction<Accumulator, Replica, TimeSlot, Runnable> accumulator() {
            return (accumulator, replica, slot) -> accumulator.add(replica);
        }

        @Override
        public Function<Accumulator, NodeLoad> finisher() {
            return Accumulator::snapshot;
        }
    }
}
