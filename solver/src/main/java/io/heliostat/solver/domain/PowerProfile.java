package io.heliostat.solver.domain;

/**
 * A node's power model: linear from idle to full CPU load (as SPECpower and Cloud Carbon Footprint
 * model servers), plus the draw of each busy GPU.
 *
 * @param idleWatts draw when switched on and idle
 * @param maxWatts draw at 100 % CPU
 * @param wattsPerGpu extra draw of one busy GPU (0 for nodes without GPUs)
 */
public record PowerProfile(double idleWatts, double maxWatts, double wattsPerGpu) {

    public PowerProfile {
        if (!(idleWatts >= 0)) {
            throw new IllegalArgumentException("idleWatts must be >= 0, was " + idleWatts);
        }
        if (!(maxWatts >= idleWatts)) {
            throw new IllegalArgumentException("maxWatts must be >= idleWatts (" + idleWatts + "), was " + maxWatts);
        }
        if (!(wattsPerGpu >= 0)) {
            throw new IllegalArgumentException("wattsPerGpu must be >= 0, was " + wattsPerGpu);
        }
    }

    /** The draw a request adds to a node with {@code cpuCapacityMillis}: its CPU share of the dynamic range. */
    public double incrementalWatts(Resources request, long cpuCapacityMillis) {
        double cpuShare = cpuCapacityMillis == 0 ? 0 : (double) request.cpuMillis() / cpuCapacityMillis;
        return cpuShare * (maxWatts - idleWatts) + request.gpus() * wattsPerGpu;
    }
}
