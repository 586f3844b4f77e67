package io.heliostat.solver.generator;

/**
 * How big a generated fleet is. Node and replica counts are exact (replicas = the sum of the workloads'
 * replica counts); benchmarks compare runs by size, so a size must always mean the same problem size.
 */
public enum FleetSize {
    /** A demo or unit-test fleet: two cloud regions and two edge sites in three grid zones. */
    XS(4, 40, 150),
    /** One cloud cluster and one edge site in each of the five zones. */
    S(10, 200, 1_000),
    M(50, 2_000, 10_000),
    L(100, 5_000, 50_000);

    private final int clusters;
    private final int nodes;
    private final int replicas;

    FleetSize(int clusters, int nodes, int replicas) {
        this.clusters = clusters;
        this.nodes = nodes;
        this.replicas = replicas;
    }

    public int clusters() {
        return clusters;
    }

    public int nodes() {
        return nodes;
    }

    public int replicas() {
        return replicas;
    }
}
