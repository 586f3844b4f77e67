package io.heliostat.solver.generator;

/** The kinds of node a generated fleet has; each draws its capacity and power from its own data. */
enum NodeKind {
    /** A cloud server of a general node pool (SPECpower result). */
    CLOUD_CPU,
    /** A cloud server with GPUs (SPECpower host plus each GPU's board power), tainted for GPU work only. */
    CLOUD_GPU,
    /** A cloud server with one or two DPUs (SmartNIC/IPU). */
    CLOUD_DPU,
    /** A small one-socket server at an edge site (SPECpower result). */
    EDGE_SERVER,
    /** A Pi-class gateway (stress-test power), tainted for edge work only, with a power budget. */
    GATEWAY;

    boolean serverPool() {
        return this == CLOUD_CPU || this == CLOUD_DPU || this == EDGE_SERVER;
    }
}
