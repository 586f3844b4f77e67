package io.heliostat.solver.analysis;

/** Whose cost a constraint match is: one replica's own, or one it shares with others. */
public enum Scope {
    /** The replica's own cost (its carbon, latency, a rule it breaks; a pair for anti-affinity). */
    REPLICA,
    /** The load of a node in one slot: shared by every replica on that node in that slot. */
    NODE_SLOT,
    /** A node being switched on: shared by every replica on that node. */
    NODE,
    /** The workload as a whole (its spread): shared by all its replicas. */
    WORKLOAD
}
