package io.heliostat.solver.advice;

/**
 * How hard a {@link PlacementAdvisor} looks.
 *
 * @param confirmedCandidates how many nodes, the best by the advisor's estimate, the score director re-scores
 *                            for each replica; the best of them by score wins. Each costs one incremental move,
 *                            tens of microseconds on a 50,000-replica plan.
 */
public record AdvisorSettings(int confirmedCandidates) {

    // Eight distinct kinds of node (one per group of alike nodes) give the runners-up a user asks about.
    public static final int DEFAULT_CONFIRMED_CANDIDATES = 8;
    public static final int MAX_CONFIRMED_CANDIDATES = 100;

    public AdvisorSettings {
        if (confirmedCandidates < 1 || confirmedCandidates > MAX_CONFIRMED_CANDIDATES) {
            throw new IllegalArgumentException("confirmedCandidates must be 1.." + MAX_CONFIRMED_CANDIDATES
                    + ", was " + confirmedCandidates);
        }
    }

    public static AdvisorSettings ofDefaults() {
        return new AdvisorSettings(DEFAULT_CONFIRMED_CANDIDATES);
    }

    public AdvisorSettings withConfirmedCandidates(int candidates) {
        return new AdvisorSettings(candidates);
    }
}
