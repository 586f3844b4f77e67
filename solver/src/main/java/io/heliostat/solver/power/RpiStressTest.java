package io.heliostat.solver.power;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.heliostat.solver.csv.CsvTable;
import io.heliostat.solver.domain.PowerProfile;

/**
 * One stress-test run of a Raspberry-Pi-class board at a fixed CPU frequency: its draw before the
 * stress starts (the file's first sample) and its mean draw under full load (every later sample).
 */
public record RpiStressTest(String source, int frequencyMhz, double idleWatts, double loadedWatts, int samples) {

    /** The bundled runs, one file per frequency (sources and terms in ATTRIBUTION.md beside them). */
    public static final String BUNDLED_FOLDER = "io/heliostat/solver/power/rpi-stress-test/";
    public static final List<Integer> BUNDLED_FREQUENCIES_MHZ = List.of(600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400);

    public RpiStressTest {
        Objects.requireNonNull(source, "source");
        if (!(idleWatts > 0 && loadedWatts > 0)) {
            throw new IllegalArgumentException(source + ": idle and loaded watts must be > 0");
        }
    }

    public static List<RpiStressTest> bundled() {
        List<RpiStressTest> runs = new ArrayList<>();
        for (int mhz : BUNDLED_FREQUENCIES_MHZ) {
            runs.add(read(CsvTable.fromResource(BUNDLED_FOLDER + mhz + ".csv")));
        }
        return List.copyOf(runs);
    }

    /** Reads one run: columns {@code frequency} (kHz) and {@code power} (mW), 1 s apart, stress from the 2nd sample on. */
    public static RpiStressTest read(CsvTable table) {
        int frequency = table.column("frequency");
        int power = table.column("power");
        List<CsvTable.Row> rows = table.rows();
        if (rows.size() < 2) {
            throw new IllegalArgumentException(table.source() + " has " + rows.size()
                    + " samples; a stress test needs the idle sample and at least one loaded one");
        }
        double loadedMilliwatts = 0;
        for (CsvTable.Row row : rows.subList(1, rows.size())) {
            loadedMilliwatts += row.number(power);
        }
        loadedMilliwatts /= rows.size() - 1;
        return new RpiStressTest(table.source(), (int) Math.round(rows.get(0).number(frequency) / 1000.0),
                rows.get(0).number(power) / 1000.0, loadedMilliwatts / 1000.0, rows.size());
    }

    /**
     * A gateway's power model from the runs: idle is the median of the runs' pre-stress samples (one
     * sample each, so the median keeps one noisy reading from setting it); full load is the mean loaded
     * draw at the highest frequency, as a gateway runs with its governor unconstrained.
     */
    public static PowerProfile gatewayProfile(List<RpiStressTest> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no stress-test runs to derive a gateway's power from");
        }
        double[] idle = runs.stream().mapToDouble(RpiStressTest::idleWatts).sorted().toArray();
        double medianIdle = idle.length % 2 == 1 ? idle[idle.length / 2] : (idle[idle.length / 2 - 1] + idle[idle.length / 2]) / 2;
        RpiStressTest fastest = runs.stream().max(Comparator.comparingInt(RpiStressTest::frequencyMhz)).orElseThrow();
        return new PowerProfile(medianIdle, Math.max(medianIdle, fastest.loadedWatts()), 0);
    }
}
