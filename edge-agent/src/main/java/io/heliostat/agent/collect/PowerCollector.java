package io.heliostat.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.heliostat.api.node.PowerReading;

/**
 * The node's draw and budget. The draw is measured from the RAPL energy counters of each CPU package
 * ({@code /sys/class/powercap/intel-rapl:N/energy_uj}, which wrap at {@code max_energy_range_uj}) between two
 * samples; where there are none, or they are not readable (they are root-only since Linux 5.10), it is modelled
 * from the profile at the CPU's utilisation. The budget is the profile's, or else follows the battery
 * ({@code /sys/class/power_supply/*}): while it charges, the node may draw what it draws now plus the charging power
 * (the surplus of the sun or the mains); while it discharges, idle plus the share of the dynamic range its charge
 * left (idle only at 0 %); otherwise there is no budget.
 */
public final class PowerCollector {

    static final String MEASURED = "measured power (RAPL energy counters)";
    static final String BATTERY = "battery";

    private final Path powercap;
    private final Path powerSupplies;
    private final PowerProfile profile;
    private final Absences absences;
    private final Map<Path, Long> previousEnergy = new HashMap<>();
    private long previousNanos;

    public PowerCollector(Path sysRoot, PowerProfile profile, Absences absences) {
        this.powercap = sysRoot.resolve("class/powercap");
        this.powerSupplies = sysRoot.resolve("class/power_supply");
        this.profile = profile;
        this.absences = absences;
    }

    /** The reading at {@code nanoTime} ({@link System#nanoTime()}), with the CPU {@code utilisation} for the model. */
    public PowerReading sample(double utilisation, long nanoTime) {
        Optional<Double> measured = measured(nanoTime);
        double draw = measured.orElseGet(() -> profile.modelledWatts(utilisation));
        return new PowerReading(draw, profile.idleWatts(), profile.maxWatts(), budget(draw), measured.isPresent());
    }

    private Optional<Double> measured(long nanoTime) {
        List<Path> packages = SysFiles.list(powercap, "intel-rapl:*").stream()
                .filter(zone -> zone.getFileName().toString().matches("intel-rapl:\\d+")).toList();
        if (packages.isEmpty()) {
            absences.absent(MEASURED, "no " + powercap + "/intel-rapl:N; the draw is modelled from power.idle-watts and power.max-watts");
            return Optional.empty();
        }
        try {
            Map<Path, Long> energy = new HashMap<>();
            for (Path zone : packages) {
                energy.put(zone, SysFiles.readLong(zone.resolve("energy_uj")));
            }
            double microjoules = 0;
            boolean comparable = !previousEnergy.isEmpty() && previousEnergy.keySet().equals(energy.keySet());
            for (Path zone : packages) {
                long now = energy.get(zone);
                Long before = previousEnergy.get(zone);
                if (comparable) {
                    // The counter wraps to zero after max_energy_range_uj.
                    microjoules += now >= before ? now - before : SysFiles.readLong(zone.resolve("max_energy_range_uj")) - before + now;
                }
            }
            double elapsedMicros = (nanoTime - previousNanos) / 1_000.0;
            previousEnergy.clear();
            previousEnergy.putAll(energy);
            previousNanos = nanoTime;
            absences.present(MEASURED);
            // The first sample has nothing to compare with: the model stands in for it.
            return comparable && elapsedMicros > 0 ? Optional.of(microjoules / elapsedMicros) : Optional.empty();
        } catch (Unavailable e) {
            absences.absent(MEASURED, e.getMessage() + "; the draw is modelled from power.idle-watts and power.max-watts");
            previousEnergy.clear();
            return Optional.empty();
        }
    }

    private double budget(double draw) {
        if (profile.budgetWatts() > 0) {
            return profile.budgetWatts();
        }
        Optional<Path> battery = SysFiles.list(powerSupplies, "*").stream()
                .filter(supply -> SysFiles.readIfPresent(supply.resolve("type")).filter("Battery"::equals).isPresent())
                .findFirst();
        if (battery.isEmpty()) {
            return 0;
        }
        try {
            String status = SysFiles.read(battery.get().resolve("status")).toLowerCase(Locale.ROOT);
            double budget;
            if (status.equals("charging")) {
                budget = draw + chargingWatts(battery.get());
            } else if (status.equals("discharging")) {
                long capacity = SysFiles.readLong(battery.get().resolve("capacity"));
                if (capacity < 0 || capacity > 100) {
                    throw new Unavailable(battery.get().resolve("capacity") + " is not a percentage: " + capacity);
                }
                budget = profile.idleWatts() + (profile.maxWatts() - profile.idleWatts()) * capacity / 100.0;
            } else {
                budget = 0;
            }
            absences.present(BATTERY);
            return budget;
        } catch (Unavailable e) {
            absences.absent(BATTERY, e.getMessage() + "; no power budget is reported");
            return 0;
        }
    }

    /** power_now where the driver gives it, else current_now times voltage_now (µW, µA and µV). */
    private static double chargingWatts(Path battery) throws Unavailable {
        Path powerNow = battery.resolve("power_now");
        if (Files.exists(powerNow)) {
            return Math.abs(SysFiles.readLong(powerNow)) / 1e6;
        }
        return Math.abs(SysFiles.readLong(battery.resolve("current_now")) / 1e6 * SysFiles.readLong(battery.resolve("voltage_now")) / 1e6);
    }
}
