package io.heliostat.solver.domain;

/** One slot of the horizon; capacity and power budgets hold in every slot. */
public record TimeSlot(int index) {

    public int end() {
        return index + 1;
    }
}
