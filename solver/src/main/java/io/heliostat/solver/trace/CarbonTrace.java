package io.heliostat.solver.trace;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import io.heliostat.solver.csv.CsvTable;
import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Zone;

/**
 * A recorded carbon-intensity time series of one grid zone, read from a provider's CSV file, with the
 * kind of signal it carries. Each sample holds from its timestamp until the next sample, for at most
 * the trace's step (Electricity Maps stamps the start of the hour it averages; WattTime's MOER is valid
 * for the five minutes after its timestamp), so a slot's intensity is the time-weighted mean of the
 * samples covering it: twelve 5-min values make one hourly slot, one hourly value fills four 15-min slots.
 *
 * <p>Formats, told apart by their header:
 * <table>
 * <tr><th>provider</th><th>time column</th><th>value column</th><th>zone from</th><th>signal</th></tr>
 * <tr><td>Electricity Maps portal export</td><td>{@code Datetime (UTC)}</td>
 *     <td>{@code Carbon Intensity gCO₂eq/kWh (direct)}</td><td>{@code Zone Id}</td><td>average</td></tr>
 * <tr><td>Electricity Maps API history</td><td>{@code datetime}</td><td>{@code carbon_intensity_avg}</td>
 *     <td>{@code zone_name}</td><td>average</td></tr>
 * <tr><td>WattTime MOER (as vessim ships it, in g/kWh)</td><td>{@code oootime}</td>
 *     <td>the other column</td><td>that column's name, upper-cased</td><td>marginal</td></tr>
 * </table>
 * Timestamps without an offset are UTC.
 */
public final class CarbonTrace {

    // Column names of the formats this reader knows.
    static final String EM_EXPORT_TIME = "Datetime (UTC)";
    static final String EM_EXPORT_VALUE = "Carbon Intensity gCO₂eq/kWh (direct)";
    static final String EM_EXPORT_ZONE = "Zone Id";
    static final String EM_API_TIME = "datetime";
    static final String EM_API_VALUE = "carbon_intensity_avg";
    static final String EM_API_ZONE = "zone_name";
    static final String WATTTIME_TIME = "oootime";

    private final String source;
    private final String zoneId;
    private final SignalKind signalKind;
    private final long[] epochSeconds;
    private final double[] gramsPerKwh;
    private final long stepSeconds;

    private CarbonTrace(String source, String zoneId, SignalKind signalKind, long[] epochSeconds, double[] gramsPerKwh,
                        long stepSeconds) {
        this.source = source;
        this.zoneId = zoneId;
        this.signalKind = signalKind;
        this.epochSeconds = epochSeconds;
        this.gramsPerKwh = gramsPerKwh;
        this.stepSeconds = stepSeconds;
    }

    /** Reads a trace file, as a problem file references it by path. */
    public static CarbonTrace fromFile(Path path) {
        return of(CsvTable.fromFile(path));
    }

    /** Reads a trace from the classpath by its absolute resource name (see {@link BundledTrace}). */
    public static CarbonTrace fromResource(String resourceName) {
        return of(CsvTable.fromResource(resourceName));
    }

    /** Reads a trace from a CSV table already read; the table's source names it in every message. */
    public static CarbonTrace of(CsvTable table) {
        List<String> header = table.header();
        if (table.hasColumn(EM_EXPORT_TIME) && table.hasColumn(EM_EXPORT_VALUE)) {
            return read(table, SignalKind.AVERAGE, table.column(EM_EXPORT_TIME), table.column(EM_EXPORT_VALUE),
                    zoneOf(table, table.column(EM_EXPORT_ZONE)));
        }
        if (table.hasColumn(EM_API_TIME) && table.hasColumn(EM_API_VALUE)) {
            return read(table, SignalKind.AVERAGE, table.column(EM_API_TIME), table.column(EM_API_VALUE),
                    zoneOf(table, table.column(EM_API_ZONE)));
        }
        if (table.hasColumn(WATTTIME_TIME) && header.size() == 2) {
            int time = table.column(WATTTIME_TIME);
            int value = 1 - time;
            return read(table, SignalKind.MARGINAL, time, value, header.get(value).toUpperCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(table.source() + " is not a carbon trace this reader knows: expected the columns '"
                + EM_EXPORT_TIME + "' and '" + EM_EXPORT_VALUE + "' (Electricity Maps export), '" + EM_API_TIME + "' and '"
                + EM_API_VALUE + "' (Electricity Maps API), or '" + WATTTIME_TIME + "' and one value column (WattTime MOER); "
                + "its columns are " + header);
    }

    private static String zoneOf(CsvTable table, int zoneColumn) {
        String zone = "";
        for (CsvTable.Row row : table.rows()) {
            String rowZone = row.get(zoneColumn).trim();
            if (zone.isEmpty()) {
                zone = rowZone;
            } else if (!rowZone.equals(zone)) {
                // One trace is one zone's series; a file that mixes zones would average them into nonsense.
                throw row.error("zone '" + rowZone + "' differs from the file's first zone '" + zone + "'");
            }
        }
        if (zone.isEmpty()) {
            throw new IllegalArgumentException(table.source() + " names no zone in column '" + table.header().get(zoneColumn) + "'");
        }
        return zone;
    }

    private static CarbonTrace read(CsvTable table, SignalKind kind, int timeColumn, int valueColumn, String zoneId) {
        List<CsvTable.Row> rows = table.rows();
        long[] rowTimes = new long[rows.size()];
        long[] times = new long[rows.size()];
        double[] values = new double[rows.size()];
        int count = 0;
        for (int r = 0; r < rows.size(); r++) {
            CsvTable.Row row = rows.get(r);
            rowTimes[r] = parseTime(row, timeColumn);
            if (r > 0 && rowTimes[r] <= rowTimes[r - 1]) {
                throw row.error("time " + Instant.ofEpochSecond(rowTimes[r]) + " does not come after the previous row's "
                        + Instant.ofEpochSecond(rowTimes[r - 1]));
            }
            if (row.get(valueColumn).isBlank()) {
                // Providers leave a value out when they had no data: a gap, reported if a slot needs it.
                continue;
            }
            double intensity = row.number(valueColumn);
            if (intensity < 0) {
                throw row.error("carbon intensity must be >= 0, was " + intensity);
            }
            times[count] = rowTimes[r];
            values[count] = intensity;
            count++;
        }
        if (rows.size() < 2 || count == 0) {
            throw new IllegalArgumentException(table.source() + " has " + rows.size() + " rows and " + count
                    + " carbon-intensity values; a trace needs two rows to know its step and at least one value");
        }
        // The step comes from every row's time, valued or not, so that a missing value cannot widen it.
        return new CarbonTrace(table.source(), zoneId, kind, Arrays.copyOf(times, count), Arrays.copyOf(values, count),
                shortestSpacing(rowTimes));
    }

    private static long parseTime(CsvTable.Row row, int column) {
        String text = row.get(column).trim();
        try {
            if (text.endsWith("Z") || text.lastIndexOf('+') > 0 || text.indexOf('-', 10) > 0) {
                return OffsetDateTime.parse(text.replace(' ', 'T')).toEpochSecond();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw row.error("column '" + row.header().get(column) + "' should be a date-time such as 2022-06-15 13:00:00 but is '"
                    + text + "'");
        }
    }

    /**
     * The shortest spacing between samples. A missing hour then shows as a gap (and fails the slots that
     * need it) instead of silently stretching the sample before it; an irregular file fails loudly too.
     */
    private static long shortestSpacing(long[] times) {
        long shortest = Long.MAX_VALUE;
        for (int i = 1; i < times.length; i++) {
            shortest = Math.min(shortest, times[i] - times[i - 1]);
        }
        return shortest;
    }

    /**
     * The one signal kind all {@code traces} carry; fails naming them when they mix average and marginal
     * signals, which answer different questions and must not be compared in one plan.
     */
    public static SignalKind requireOneSignalKind(Collection<CarbonTrace> traces) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no carbon traces given");
        }
        SignalKind kind = traces.iterator().next().signalKind();
        for (CarbonTrace trace : traces) {
            if (trace.signalKind() != kind) {
                throw new IllegalArgumentException("carbon traces mix signal kinds: " + traces.stream()
                        .map(t -> t.source() + " is " + t.signalKind().name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + "; use traces of one kind in one plan");
            }
        }
        return kind;
    }

    /** The file path or resource name the trace was read from. */
    public String source() {
        return source;
    }

    public String zoneId() {
        return zoneId;
    }

    public SignalKind signalKind() {
        return signalKind;
    }

    /** How long each sample holds at most: the shortest spacing of the samples. */
    public Duration step() {
        return Duration.ofSeconds(stepSeconds);
    }

    /** The first sample's time. */
    public Instant start() {
        return Instant.ofEpochSecond(epochSeconds[0]);
    }

    /** The end of the last sample's validity (its time plus the step). */
    public Instant end() {
        return Instant.ofEpochSecond(epochSeconds[epochSeconds.length - 1] + stepSeconds);
    }

    public int samples() {
        return epochSeconds.length;
    }

    /** The intensity of the sample that holds at {@code instant}, as recorded (no averaging). */
    public double sampleAt(Instant instant) {
        long t = instant.getEpochSecond();
        int i = lastSampleAtOrBefore(t);
        if (i < 0 || t >= coverEnd(i)) {
            throw new IllegalArgumentException(describe() + " has no sample holding at " + instant);
        }
        return gramsPerKwh[i];
    }

    /** The intensity for each slot of {@code horizon}. */
    public double[] intensities(Horizon horizon) {
        return intensities(horizon.start(), horizon.slotLength(), horizon.slots());
    }

    /**
     * The time-weighted mean intensity (gCO2e/kWh) of each of {@code slots} slots of {@code slotLength} from
     * {@code start}. Fails naming the file and the first instant it has no sample for, when the window
     * reaches outside the trace or into a gap.
     */
    public double[] intensities(Instant start, Duration slotLength, int slots) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(slotLength, "slotLength");
        if (slotLength.isNegative() || slotLength.isZero() || slotLength.getNano() != 0) {
            throw new IllegalArgumentException("slotLength must be a positive whole number of seconds, was " + slotLength);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, was " + slots);
        }
        if (start.getNano() != 0) {
            throw new IllegalArgumentException("start must be a whole second, was " + start);
        }
        long length = slotLength.getSeconds();
        double[] result = new double[slots];
        for (int slot = 0; slot < slots; slot++) {
            long from = start.getEpochSecond() + slot * length;
            result[slot] = meanOver(from, from + length, slot);
        }
        return result;
    }

    /** This trace's intensities over {@code horizon} as a zone of the placement model. */
    public Zone zone(Horizon horizon) {
        return new Zone(zoneId, signalKind, intensities(horizon), horizon.slotHours());
    }

    private double meanOver(long from, long to, int slot) {
        int i = Math.max(0, lastSampleAtOrBefore(from));
        double weighted = 0;
        long covered = from;
        for (; i < epochSeconds.length && epochSeconds[i] < to; i++) {
            long sampleFrom = Math.max(epochSeconds[i], from);
            long sampleTo = Math.min(coverEnd(i), to);
            if (sampleTo <= sampleFrom) {
                continue;
            }
            if (sampleFrom > covered) {
                break;
            }
            weighted += gramsPerKwh[i] * (sampleTo - sampleFrom);
            covered = sampleTo;
        }
        if (covered < to) {
            throw new IllegalArgumentException(describe() + " has no sample for " + Instant.ofEpochSecond(covered)
                    + ", needed by slot " + slot + " (" + Instant.ofEpochSecond(from) + " to " + Instant.ofEpochSecond(to) + ")");
        }
        return weighted / (to - from);
    }

    /** Index of the last sample stamped at or before {@code t}, or -1. */
    private int lastSampleAtOrBefore(long t) {
        int found = Arrays.binarySearch(epochSeconds, t);
        return found >= 0 ? found : -found - 2;
    }

    /** A sample holds until the next one, but no longer than a step: a longer spacing is a gap in the data. */
    private long coverEnd(int i) {
        long ownEnd = epochSeconds[i] + stepSeconds;
        return i + 1 < epochSeconds.length ? Math.min(ownEnd, epochSeconds[i + 1]) : ownEnd;
    }

    private String describe() {
        return "carbon trace " + source + " (zone " + zoneId + ", " + signalKind.name().toLowerCase(Locale.ROOT)
                + " signal, " + start() + " to " + end() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
