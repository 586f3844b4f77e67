package io.heliostat.solver.advice;

import java.util.Locale;

/** A move the re-optimisation found but does not make this round, and why. */
public record HeldBackMove(ProposedMove move, Reason reason) {

    public enum Reason {
        /** Its cluster already had as many moves this round as the policy allows. */
        CLUSTER_MOVE_LIMIT,
        /** The replica is gone, no longer where the solve found it, or pinned since. */
        STALE,
        /**
         * Neither alone nor together with the other moves so refused does it improve the plan: it breaks a hard
         * rule or does not pay for its migration without moves held back for another reason.
         */
        NO_GAIN_ALONE;

        /** The reason as the API spells it, such as {@code cluster-move-limit}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
