package io.heliostat.solver.domain;

import java.util.Objects;

/**
 * A grid zone with its carbon intensity (gCO2e/kWh) for each slot of the horizon, and the slots' length.
 * Keeps prefix sums so the intensity over any run of slots costs O(1): the carbon constraints read it
 * on every move.
 */
public final class Zone {

    private final String id;
    private final SignalKind signalKind;
    private final double[] gramsPerKwh;
    private final double[] prefix;
    private final double slotHours;

    public Zone(String id, SignalKind signalKind, double[] gramsPerKwh, double slotHours) {
        if (!(slotHours > 0)) {
            throw new IllegalArgumentException("zone " + id + ": slotHours must be > 0, was " + slotHours);
        }
        this.slotHours = slotHours;
        this.id = Objects.requireNonNull(id, "id");
        this.signalKind = Objects.requireNonNull(signalKind, "signalKind");
        if (gramsPerKwh.length == 0) {
            throw new IllegalArgumentException("zone " + id + " has no carbon intensity values");
        }
        this.gramsPerKwh = gramsPerKwh.clone();
        this.prefix = new double[gramsPerKwh.length + 1];
        for (int i = 0; i < gramsPerKwh.length; i++) {
            double value = gramsPerKwh[i];
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("zone " + id + " slot " + i + ": intensity must be a finite number >= 0, was " + value);
            }
            prefix[i + 1] = prefix[i] + value;
        }
    }

    public String id() {
        return id;
    }

    public SignalKind signalKind() {
        return signalKind;
    }

    public int slots() {
        return gramsPerKwh.length;
    }

    public double intensity(int slot) {
        return gramsPerKwh[slot];
    }

    public double slotHours() {
        return slotHours;
    }

    /** Sum of the intensities of slots {@code [from, to)}. */
    public double intensitySum(int from, int to) {
        return prefix[to] - prefix[from];
    }

    /** Milligrams of CO2e that a constant draw of {@code watts} emits over slots {@code [from, to)}. */
    public double milligrams(double watts, int from, int to) {
        // W x h = Wh; Wh x g/kWh = mg.
        return watts * intensitySum(from, to) * slotHours;
    }

    /** Grams of CO2e per hour that a draw of {@code watts} emits in {@code slot}. */
    public double gramsPerHour(double watts, int slot) {
        // W x g/kWh = mg/h.
        return watts * gramsPerKwh[slot] / 1000.0;
    }

    public double meanIntensity() {
        return prefix[gramsPerKwh.length] / gramsPerKwh.length;
    }

    public double[] intensities() {
        return gramsPerKwh.clone();
    }

    @Override
    public String toString() {
        return id;
    }
}
