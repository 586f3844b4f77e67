package io.heliostat.solver.analysis;

/** How a replica would fare on another node than the one it runs on, everything else unchanged. */
public enum Verdict {
    /** It already runs there. */
    ALREADY_THERE,
    /** It would break a hard rule the current placement keeps. */
    INFEASIBLE,
    /** It would keep every hard rule the current placement keeps, at a lower score. */
    WORSE,
    /** Same score. */
    EQUAL,
    /** A higher score: the plan is not optimal for this replica (or breaks rules this move would fix). */
    BETTER
}
