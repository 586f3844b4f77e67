package io.heliostat.solver.constraints.justifications;

/** A job would finish after its deadline. */
public record DeadlineMissed(String replica, int endSlot, int deadlineSlot) implements Explanation {

    @Override
    public String reason() {
        return replica + " ends in slot " + endSlot + ", after its deadline slot " + deadlineSlot;
    }
}
