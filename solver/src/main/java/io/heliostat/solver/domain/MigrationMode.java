package io.heliostat.solver.domain;

/** How the current placement constrains a re-plan. */
public enum MigrationMode {
    /** Moving a placed replica costs {@link PlacementPolicy#migrationGramsPerMove()}. */
    PENALISE,
    /** Placed replicas stay where they are; only new ones are placed. */
    PIN
}
