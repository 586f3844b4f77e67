package io.heliostat.solver.constraints.justifications;

import ai.timefold.solver.core.api.score.stream.ConstraintJustification;

/** A constraint match that can say in one sentence why it costs what it costs. */
public sealed interface Explanation extends ConstraintJustification
        permits CapacityExceeded, SelectorMismatch, UntoleratedTaints, SandboxUnavailable, ResidencyViolated,
        LatencySloExceeded, SpreadTooNarrow, ReplicasShareNode, ColocationMissing, DeadlineMissed, ReplicaUnplaced,
        ReplicaCarbon, NodeSwitchedOn, ReplicaEnergy, ReplicaLatency, ReplicaMoved, HeadroomExceeded,
        DiscouragedTaints {

    /** A sentence a user can read, such as "node gw-3 needs label zone=edge". */
    String reason();
}
