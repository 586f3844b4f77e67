package io.heliostat.solver.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.PlacementPolicy;

/**
 * Builds benchmark and demo fleets from real data: carbon intensity from the bundled Electricity Maps
 * traces of five contrasting zones (Norway flat and low, Spain and California solar-shaped, Brazil hydro,
 * Germany high and windy), node power from published SPECpower results and a Pi-class board's stress
 * tests, cloud regions and edge sites where they really are. A fleet is comfortably feasible: the
 * generator builds a witness placement of every replica under every hard rule as it goes
 * ({@link #generateWithWitness}), with the fleet about half full.
 *
 * <p>Deterministic: a size and a seed always give the same fleet. Reads its data once, on construction.
 */
public final class FleetGenerator {

    /**
     * The first slot of every generated horizon: a mid-June Wednesday, when Spain's and California's solar
     * dip is deep and Norway's hydro flat. Germany's trace, which ends in June 2021, is read 52 weeks earlier.
     */
    public static final Instant HORIZON_START = Instant.parse("2022-06-15T00:00:00Z");
    public static final Duration SLOT_LENGTH = Horizon.DEFAULT_SLOT_LENGTH;
    public static final int SLOTS = Horizon.DEFAULT_SLOTS;

    private final FleetData data;

    /** Reads the bundled traces and power data: about a second in a fresh JVM, so keep one generator. */
    public FleetGenerator() {
        this.data = FleetData.loadBundled();
    }

    /** The fleet of {@code size} for {@code seed}, with every replica unplaced and the default policy. */
    public FleetPlan generate(FleetSize size, long seed) {
        return generateWithWitness(size, seed).plan();
    }

    /** The same fleet as {@link #generate}, with the witness placement that proves it feasible. */
    public GeneratedFleet generateWithWitness(FleetSize size, long seed) {
        Objects.requireNonNull(size, "size");
        Draw draw = new Draw(seed);
        Horizon horizon = new Horizon(HORIZON_START, SLOT_LENGTH, SLOTS);
        FleetLayout layout = FleetLayout.build(size, data, horizon, draw);
        WorkloadMix.Result mix = WorkloadMix.draw(layout, size.replicas(), draw);
        FleetPlan plan = new FleetPlan(horizon, PlacementPolicy.ofDefaults(), layout.zones(), layout.clusters(), layout.nodes(),
                mix.workloads(), mix.replicas());
        return new GeneratedFleet(plan, mix.witness());
    }
}
