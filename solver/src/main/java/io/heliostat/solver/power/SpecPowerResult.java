package io.heliostat.solver.power;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.heliostat.solver.csv.CsvTable;
import io.heliostat.solver.domain.PowerProfile;

/**
 * One published SPECpower_ssj2008 result: a real server's average draw at active idle and at 100 %
 * load, with the hardware that drew it. The linear model between the two points is the one Cloud Carbon
 * Footprint and the solver's {@link PowerProfile} use.
 *
 * @param memoryGiB installed memory; SPEC reports it in GB of DIMMs, which are binary sizes
 */
public record SpecPowerResult(String vendor, String system, String cpu, YearMonth published, int chips, int cores,
                              int threads, int memoryGiB, double idleWatts, double maxWatts) {

    /** The bundled copy of the ccf-coefficients export (sources and terms in ATTRIBUTION.md beside it). */
    public static final String BUNDLED_RESOURCE = "io/heliostat/solver/power/specpower-ssj2008-2026-03-09.csv";

    private static final DateTimeFormatter PUBLISHED = DateTimeFormatter.ofPattern("MMM-yyyy", Locale.ENGLISH);

    public SpecPowerResult {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(published, "published");
        if (chips < 1 || cores < 1 || threads < 1 || memoryGiB < 0) {
            throw new IllegalArgumentException(system + ": chips, cores and threads must be >= 1 and memory >= 0");
        }
        if (!(idleWatts > 0 && maxWatts >= idleWatts)) {
            throw new IllegalArgumentException(system + ": needs 0 < idle watts (" + idleWatts + ") <= max watts (" + maxWatts + ")");
        }
    }

    /** The server's linear power model, with {@code wattsPerGpu} for each busy GPU it carries. */
    public PowerProfile powerProfile(double wattsPerGpu) {
        return new PowerProfile(idleWatts, maxWatts, wattsPerGpu);
    }

    /** Reads the bundled results. */
    public static List<SpecPowerResult> bundled() {
        return readAll(CsvTable.fromResource(BUNDLED_RESOURCE));
    }

    /** Reads a SPECpower export with the ccf-coefficients column names; fails naming the line of a bad row. */
    public static List<SpecPowerResult> readAll(CsvTable table) {
        int vendor = table.column("Hardware Vendor");
        int system = table.column("System");
        int cpu = table.column("CPU Description");
        int published = table.column("Published");
        int chips = table.column("Chips");
        int cores = table.column("# Cores");
        int threads = table.column("Total Threads");
        int memory = table.column("Total Memory (GB)");
        int idle = table.column("avg. watts @ active idle");
        int max = table.column("avg. watts @ 100%");
        List<SpecPowerResult> results = new ArrayList<>(table.rows().size());
        for (CsvTable.Row row : table.rows()) {
            YearMonth month;
            try {
                month = YearMonth.parse(row.get(published).trim(), PUBLISHED);
            } catch (DateTimeParseException e) {
                throw row.error("column 'Published' should read like Mar-2023 but is '" + row.get(published) + "'");
            }
            int rowChips = row.integer(chips);
            int rowCores = row.integer(cores);
            int rowThreads = row.integer(threads);
            int rowMemory = (int) Math.round(row.number(memory));
            double rowIdle = row.number(idle);
            double rowMax = row.number(max);
            try {
                results.add(new SpecPowerResult(row.get(vendor).trim(), row.get(system).trim(), row.get(cpu).trim(), month,
                        rowChips, rowCores, rowThreads, rowMemory, rowIdle, rowMax));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
        }
        return List.copyOf(results);
    }
}
