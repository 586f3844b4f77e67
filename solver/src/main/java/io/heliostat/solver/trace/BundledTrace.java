package io.heliostat.solver.trace;

/**
 * The carbon traces shipped with the solver (classpath folder {@value #FOLDER}; sources and terms in
 * its ATTRIBUTION.md). Electricity Maps traces carry the average signal, WattTime's the marginal one.
 */
public enum BundledTrace {
    /** California ISO, 2022, hourly, average (Electricity Maps): solar-shaped, with a deep midday dip. */
    US_CAL_CISO_2022("em-US-CAL-CISO-2022-hourly.csv"),
    /** Spain, 2022, hourly, average (Electricity Maps): solar-shaped. */
    ES_2022("em-ES-2022-hourly.csv"),
    /** Norway, 2022, hourly, average (Electricity Maps): hydro, flat and very low. */
    NO_2022("em-NO-2022-hourly.csv"),
    /** Brazil, 2022, hourly, average (Electricity Maps): low, hydro with seasonal swings. */
    BR_2022("em-BR-2022-hourly.csv"),
    /** Germany, 2021-01-01 to 2021-06-30, hourly, average (Electricity Maps API fields): high and wind-driven. */
    DE_2021H1("em-DE-2021H1-hourly.csv"),
    /** CAISO_NORTH, 2023-06-08 to 2023-07-08, 5-minute, marginal MOER in g/kWh (WattTime via vessim). */
    CAISO_NORTH_2023_06_MOER("watttime-CAISO_NORTH-2023-06-moer-5min.csv");

    public static final String FOLDER = "io/heliostat/solver/traces/";

    private final String fileName;

    BundledTrace(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** The absolute classpath resource name, for {@link CarbonTrace#fromResource(String)}. */
    public String resourceName() {
        return FOLDER + fileName;
    }

    /** Reads the trace (a few tens of milliseconds: callers that need it often keep the result). */
    public CarbonTrace load() {
        return CarbonTrace.fromResource(resourceName());
    }
}
