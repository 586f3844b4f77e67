package io.heliostat.carbon.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cloud regions Heliostat knows where to find on the grid: for each, the grid zone it draws from and the metro area
 * it is in (cloud-regions.csv in this package). Providers read a region's intensity by the zone (Electricity Maps) or by
 * the place (WattTime's region-from-loc).
 */
public final class CloudRegions {

    private static final Pattern CLOUD_REGION = Pattern.compile("(aws|gcp|azure)/[a-z0-9-]+");
    private static final Map<String, Region> REGIONS = load();

    /** One region: its grid zone (an Electricity Maps zone code) and where it is. */
    public record Region(String id, String gridZone, ZoneLocator.Point place, String metro) {
        public Region {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(gridZone, "gridZone");
            Objects.requireNonNull(place, "place");
        }
    }

    private CloudRegions() {
    }

    /** Whether {@code text} is written as a cloud region, {@code <aws|gcp|azure>/<name>}, known or not. */
    public static boolean isCloudRegion(String text) {
        return CLOUD_REGION.matcher(text).matches();
    }

    public static Optional<Region> find(String id) {
        return Optional.ofNullable(REGIONS.get(id));
    }

    /** The region, or a failure that says which regions are known and what to write instead. */
    public static Region require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("cloud region " + id
                + " is not one Heliostat knows (" + String.join(", ", REGIONS.keySet())
                + "); name its grid zone code or its place as @latitude,longitude instead"));
    }

    private static Map<String, Region> load() {
        Map<String, Region> regions = new LinkedHashMap<>();
        try (InputStream in = CloudRegions.class.getResourceAsStream("cloud-regions.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in, "cloud-regions.csv"),
                     StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("region,")).forEach(line -> {
                String[] cells = line.split(",", -1);
                Region region = new Region(cells[0], cells[1],
                        new ZoneLocator.Point(Double.parseDouble(cells[2]), Double.parseDouble(cells[3])), cells[4]);
                regions.put(region.id(), region);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(regions);
    }
}
