package io.heliostat.solver.generator;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.heliostat.solver.domain.Location;
import io.heliostat.solver.trace.BundledTrace;

/**
 * Where generated fleets live: the five grid zones of the bundled Electricity Maps traces, the real cloud
 * regions that draw from each, gateway sites in their cities, and where users sit. Coordinates are
 * city centres (regions: the metro area they are announced in), good to a few kilometres, which is all
 * an RTT estimate from geography needs.
 */
final class Geography {

    private Geography() {
    }

    enum Continent { EUROPE, NORTH_AMERICA, SOUTH_AMERICA }

    /** A public-cloud region; several member clusters may run in one (one per availability zone). */
    record CloudRegion(String provider, String region, String metro, Location location) {
    }

    /** A city with gateway sites; {@code metro} is its latency domain, shared with cloud regions in the same metro. */
    record EdgeCity(String name, String metro, Location location) {
    }

    record UserCity(String name, Continent continent, Location location) {
    }

    /**
     * A grid zone with its trace and where it is.
     *
     * @param country the ISO 3166 code of the country the zone lies in
     * @param traceShift how far before the fleet's horizon the trace is read (zero but for Germany, see below)
     * @param residency jurisdiction tags: the country, plus EU and EEA where they hold (Norway is EEA, not EU)
     */
    record GridArea(String zoneId, String country, BundledTrace trace, Duration traceShift, Set<String> residency, Continent continent,
                    List<CloudRegion> regions, List<EdgeCity> cities) {
    }

    // The German trace covers only 2021-01-01..2021-06-30, while the others are 2022. Germany is read 52
    // weeks (364 days) before the horizon: 2022-06-15 becomes 2021-06-16, the same week of the year and the
    // same weekday (a Wednesday), so the weekday demand shape and the June solar day both match.
    static final Duration GERMANY_TRACE_SHIFT = Duration.ofDays(364);

    static final GridArea NORWAY = new GridArea("NO", "NO", BundledTrace.NO_2022, Duration.ZERO, Set.of("NO", "EEA"), Continent.EUROPE,
            List.of(
                    // Norway's own regions: the often-cited "eu-north-1" is Stockholm, on Sweden's grid, not Norway's.
                    new CloudRegion("azure", "norwayeast", "oslo", new Location(59.91, 10.75)),
                    new CloudRegion("azure", "norwaywest", "stavanger", new Location(58.97, 5.73))),
            List.of(
                    new EdgeCity("oslo", "oslo", new Location(59.91, 10.75)),
                    new EdgeCity("bergen", "bergen", new Location(60.39, 5.32)),
                    new EdgeCity("trondheim", "trondheim", new Location(63.43, 10.40)),
                    new EdgeCity("stavanger", "stavanger", new Location(58.97, 5.73)),
                    new EdgeCity("tromso", "tromso", new Location(69.65, 18.96))));

    static final GridArea SPAIN = new GridArea("ES", "ES", BundledTrace.ES_2022, Duration.ZERO, Set.of("ES", "EU", "EEA"), Continent.EUROPE,
            List.of(
                    new CloudRegion("aws", "eu-south-2", "zaragoza", new Location(41.65, -0.88)),
                    new CloudRegion("gcp", "europe-southwest1", "madrid", new Location(40.42, -3.70)),
                    new CloudRegion("azure", "spaincentral", "madrid", new Location(40.45, -3.55))),
            List.of(
                    new EdgeCity("madrid", "madrid", new Location(40.42, -3.70)),
                    new EdgeCity("barcelona", "barcelona", new Location(41.39, 2.17)),
                    new EdgeCity("valencia", "valencia", new Location(39.47, -0.38)),
                    new EdgeCity("sevilla", "sevilla", new Location(37.39, -5.98)),
                    new EdgeCity("bilbao", "bilbao", new Location(43.26, -2.93)),
                    new EdgeCity("malaga", "malaga", new Location(36.72, -4.42))));

    static final GridArea GERMANY = new GridArea("DE", "DE", BundledTrace.DE_2021H1, GERMANY_TRACE_SHIFT, Set.of("DE", "EU", "EEA"),
            Continent.EUROPE,
            List.of(
                    new CloudRegion("aws", "eu-central-1", "frankfurt", new Location(50.11, 8.68)),
                    new CloudRegion("gcp", "europe-west3", "frankfurt", new Location(50.12, 8.70)),
                    new CloudRegion("gcp", "europe-west10", "berlin", new Location(52.52, 13.40))),
            List.of(
                    new EdgeCity("berlin", "berlin", new Location(52.52, 13.40)),
                    new EdgeCity("munich", "munich", new Location(48.14, 11.58)),
                    new EdgeCity("hamburg", "hamburg", new Location(53.55, 9.99)),
                    new EdgeCity("frankfurt", "frankfurt", new Location(50.11, 8.68)),
                    new EdgeCity("cologne", "cologne", new Location(50.94, 6.96)),
                    new EdgeCity("stuttgart", "stuttgart", new Location(48.78, 9.18))));

    static final GridArea CALIFORNIA = new GridArea("US-CAL-CISO", "US", BundledTrace.US_CAL_CISO_2022, Duration.ZERO, Set.of("US"),
            Continent.NORTH_AMERICA,
            List.of(
                    new CloudRegion("aws", "us-west-1", "san-francisco-bay", new Location(37.35, -121.96)),
                    new CloudRegion("gcp", "us-west2", "los-angeles", new Location(34.05, -118.24)),
                    new CloudRegion("azure", "westus", "san-francisco-bay", new Location(37.78, -122.42))),
            List.of(
                    new EdgeCity("san-francisco", "san-francisco-bay", new Location(37.77, -122.42)),
                    new EdgeCity("los-angeles", "los-angeles", new Location(34.05, -118.24)),
                    new EdgeCity("san-diego", "san-diego", new Location(32.72, -117.16)),
                    new EdgeCity("sacramento", "sacramento", new Location(38.58, -121.49)),
                    new EdgeCity("fresno", "fresno", new Location(36.74, -119.79)),
                    new EdgeCity("san-jose", "san-francisco-bay", new Location(37.34, -121.89))));

    static final GridArea BRAZIL = new GridArea("BR", "BR", BundledTrace.BR_2022, Duration.ZERO, Set.of("BR"), Continent.SOUTH_AMERICA,
            List.of(
                    new CloudRegion("aws", "sa-east-1", "sao-paulo", new Location(-23.55, -46.63)),
                    new CloudRegion("gcp", "southamerica-east1", "sao-paulo", new Location(-23.53, -46.79)),
                    new CloudRegion("azure", "brazilsouth", "campinas", new Location(-22.91, -47.06))),
            List.of(
                    new EdgeCity("sao-paulo", "sao-paulo", new Location(-23.55, -46.63)),
                    new EdgeCity("rio-de-janeiro", "rio-de-janeiro", new Location(-22.91, -43.17)),
                    new EdgeCity("belo-horizonte", "belo-horizonte", new Location(-19.92, -43.94)),
                    new EdgeCity("brasilia", "brasilia", new Location(-15.79, -47.88)),
                    new EdgeCity("curitiba", "curitiba", new Location(-25.43, -49.27)),
                    new EdgeCity("porto-alegre", "porto-alegre", new Location(-30.03, -51.23))));

    /**
     * The order zones receive cloud clusters: the smallest fleet gets the flattest low zone and a
     * solar-shaped one first, so that even XS shows spatial and temporal shifting.
     */
    static final List<GridArea> CLOUD_ORDER = List.of(NORWAY, SPAIN, GERMANY, CALIFORNIA, BRAZIL);

    /** The order zones receive edge sites: Germany's high, windy grid first, then Spain's solar one. */
    static final List<GridArea> EDGE_ORDER = List.of(GERMANY, SPAIN, CALIFORNIA, NORWAY, BRAZIL);

    /** Where users sit: cities with sites, and some without (their services must reach further). */
    static final List<UserCity> USER_CITIES = List.of(
            new UserCity("madrid", Continent.EUROPE, new Location(40.42, -3.70)),
            new UserCity("barcelona", Continent.EUROPE, new Location(41.39, 2.17)),
            new UserCity("berlin", Continent.EUROPE, new Location(52.52, 13.40)),
            new UserCity("munich", Continent.EUROPE, new Location(48.14, 11.58)),
            new UserCity("oslo", Continent.EUROPE, new Location(59.91, 10.75)),
            new UserCity("paris", Continent.EUROPE, new Location(48.86, 2.35)),
            new UserCity("london", Continent.EUROPE, new Location(51.51, -0.13)),
            new UserCity("stockholm", Continent.EUROPE, new Location(59.33, 18.07)),
            new UserCity("san-francisco", Continent.NORTH_AMERICA, new Location(37.77, -122.42)),
            new UserCity("los-angeles", Continent.NORTH_AMERICA, new Location(34.05, -118.24)),
            new UserCity("seattle", Continent.NORTH_AMERICA, new Location(47.61, -122.33)),
            new UserCity("new-york", Continent.NORTH_AMERICA, new Location(40.71, -74.01)),
            new UserCity("sao-paulo", Continent.SOUTH_AMERICA, new Location(-23.55, -46.63)),
            new UserCity("rio-de-janeiro", Continent.SOUTH_AMERICA, new Location(-22.91, -43.17)),
            new UserCity("buenos-aires", Continent.SOUTH_AMERICA, new Location(-34.60, -58.38)),
            new UserCity("santiago", Continent.SOUTH_AMERICA, new Location(-33.45, -70.67)));
}
