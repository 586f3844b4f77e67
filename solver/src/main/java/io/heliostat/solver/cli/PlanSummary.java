package io.heliostat.solver.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.io.PlanTotals;

/** The few lines a person reads after a solve. */
final class PlanSummary {

    private PlanSummary() {
    }

    static void print(PrintWriter out, Path written, FleetPlan plan, PlanTotals totals) {
        out.println("plan written to " + written);
        out.println(String.format(Locale.ROOT, "  score %s: %s, %d of %d replicas placed on %s",
                plan.getScore(), plan.getScore().hardScore() == 0 ? "every hard rule kept" : "HARD RULES BROKEN",
                totals.replicasPlaced(), totals.replicasPlaced() + totals.replicasUnplaced(), count(totals.nodesSwitchedOn(), "node")));
        out.println(String.format(Locale.ROOT, "  %.1f g CO2e (%.1f operational, %.1f idle), %.2f kWh, %s, %s",
                totals.carbonGrams(), totals.operationalCarbonGrams(), totals.idleCarbonGrams(), totals.energyKwh(),
                totals.p95LatencyMs().isPresent() ? "p95 latency " + totals.p95LatencyMs().getAsInt() + " ms" : "no latency-bound workloads",
                count(totals.moves(), "move")));
        out.flush();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
