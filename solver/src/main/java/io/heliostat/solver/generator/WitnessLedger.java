package io.heliostat.solver.generator;

import java.util.List;

import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.PowerProfile;
import io.heliostat.solver.domain.Resources;

/**
 * What is left on each node while the generator places its witness: the placement it builds alongside
 * the workloads to prove that every replica can be placed under every hard rule. Every replica is counted
 * as running in every slot (jobs included), and no node is filled beyond {@link #MAX_FILL} of its CPU,
 * memory and scratch space, nor a gateway beyond its power budget, so the proof leaves slack for the solver.
 */
final class WitnessLedger {

    // The witness fills no node past 80 %: the plan it proves is comfortable, not knife-edge.
    static final double MAX_FILL = 0.8;
    // Keep 5 % of a power budget unused, for the rounding of each replica's draw to whole milliwatts.
    static final double POWER_BUDGET_MARGIN = 0.95;

    private final long[] cpuLimit;
    private final long[] memoryLimit;
    private final long[] freeCpu;
    private final long[] freeMemory;
    private final long[] freeStorage;
    private final int[] freeGpus;
    private final int[] freeDpus;

    WitnessLedger(List<Node> nodes) {
        int n = nodes.size();
        cpuLimit = new long[n];
        memoryLimit = new long[n];
        freeCpu = new long[n];
        freeMemory = new long[n];
        freeStorage = new long[n];
        freeGpus = new int[n];
        freeDpus = new int[n];
        for (Node node : nodes) {
            int i = node.index();
            Resources capacity = node.capacity();
            cpuLimit[i] = Math.min((long) (capacity.cpuMillis() * MAX_FILL), powerLimitedCpu(node));
            memoryLimit[i] = (long) (capacity.memoryMiB() * MAX_FILL);
            freeCpu[i] = cpuLimit[i];
            freeMemory[i] = memoryLimit[i];
            freeStorage[i] = (long) (capacity.ephemeralStorageMiB() * MAX_FILL);
            freeGpus[i] = capacity.gpus();
            freeDpus[i] = capacity.dpus();
        }
    }

    /** The CPU a node may have requested before its draw reaches its power budget (with a margin). */
    private static long powerLimitedCpu(Node node) {
        if (!node.hasPowerBudget()) {
            return Long.MAX_VALUE;
        }
        PowerProfile power = node.power();
        double dynamic = power.maxWatts() - power.idleWatts();
        if (dynamic <= 0) {
            return Long.MAX_VALUE;
        }
        double share = (node.powerBudgetWatts() * POWER_BUDGET_MARGIN - power.idleWatts()) / dynamic;
        return (long) Math.floor(Math.max(0, Math.min(1, share)) * node.capacity().cpuMillis());
    }

    boolean fits(Node node, Resources request) {
        int i = node.index();
        return request.cpuMillis() <= freeCpu[i] && request.memoryMiB() <= freeMemory[i]
                && request.ephemeralStorageMiB() <= freeStorage[i] && request.gpus() <= freeGpus[i] && request.dpus() <= freeDpus[i];
    }

    void reserve(Node node, Resources request) {
        apply(node.index(), request, -1);
    }

    void release(Node node, Resources request) {
        apply(node.index(), request, 1);
    }

    private void apply(int i, Resources request, int sign) {
        freeCpu[i] += sign * request.cpuMillis();
        freeMemory[i] += sign * request.memoryMiB();
        freeStorage[i] += sign * request.ephemeralStorageMiB();
        freeGpus[i] += sign * request.gpus();
        freeDpus[i] += sign * request.dpus();
    }

    /** The smaller of the CPU and memory shares still free under the fill limit: how roomy a node is. */
    double roominess(Node node) {
        int i = node.index();
        double cpu = cpuLimit[i] == 0 ? 0 : (double) freeCpu[i] / cpuLimit[i];
        double memory = memoryLimit[i] == 0 ? 0 : (double) freeMemory[i] / memoryLimit[i];
        return Math.min(cpu, memory);
    }
}
