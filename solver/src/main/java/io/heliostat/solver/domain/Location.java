package io.heliostat.solver.domain;

/** A point on Earth in decimal degrees. */
public record Location(double latitude, double longitude) {

    private static final double EARTH_RADIUS_KM = 6371.0;

    public Location {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be -90..90, was " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be -180..180, was " + longitude);
        }
    }

    /** Great-circle distance (haversine). */
    public double distanceKm(Location other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * Round-trip time estimated from geography: light in fibre covers about 100 km per ms of RTT, paths
     * are about 1.5x the great circle, plus a fixed access and processing cost.
     */
    public int estimatedRttMs(Location other, int accessMs) {
        return accessMs + (int) Math.round(distanceKm(other) * 1.5 / 100.0);
    }
}
