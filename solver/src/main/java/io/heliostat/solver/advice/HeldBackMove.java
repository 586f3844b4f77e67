package io.heliostat.solver.advice;

/** A move the re-optimisation found but does not make this round, and why. */
public record HeldBackMove(ProposedMove move, Reason reason) {

    public enum Reason {
        /** Its cluster already had as many moves this round as the policy allows. */
        CLUSTER_MOVE_LIMIT,
        /** The replica is gone, or no longer where the solve found it. */
        STALE,
        /** Made alone, without moves held back or taken since, it breaks a hard rule or does not pay for itself. */
        NO_GAIN_ALONE
    }
}
