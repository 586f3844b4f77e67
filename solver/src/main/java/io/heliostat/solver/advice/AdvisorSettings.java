package io.heliostat.solver.advice;

/**
 * How hard a {@link PlacementAdvisor} looks.
 *
 * @param confirmedCandidates how many nodes at least, the best by the advisor's estimate, the score director
 *                            re-scores for each replica (one more than the runners-up asked for, if that is
 *                            more); the best of them by score wins. Each costs one incremental move, tens of
 *                            microseconds on a 50,000-replica plan.
 */
public record AdvisorSettings(int confirmedCandidates) {

    // The estimate is each node's exact soft cost: on a size-L fleet its best was the best by score in every one of
    // 15,429 decisions, and its order the score's in all 101,685 pairs of runners-up. The re-scores keep every score
    // a decision reports the constraints' own; four cover the controller's default of three runners-up.
    public static final int DEFAULT_CONFIRMED_CANDIDATES = 4;
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
