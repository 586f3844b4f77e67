package io.heliostat.solver.domain;

/**
 * Whether an intensity is the grid's average (Electricity Maps, NESO) or marginal (WattTime MOER).
 * The two answer different questions and are never compared with each other.
 */
public enum SignalKind {
    AVERAGE, MARGINAL
}
