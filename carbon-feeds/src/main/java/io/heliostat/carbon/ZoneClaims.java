package io.heliostat.carbon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which feed serves each zone, so that two feeds configured for one zone stop the start-up instead of overwriting each
 * other's values at every poll. Each feed claims its zones when its routes are configured.
 */
public final class ZoneClaims {

    private final Map<String, String> feedByZone = new ConcurrentHashMap<>();

    /**
     * Claims {@code zone} for the feed configured by {@code key}; fails naming both keys when another feed has it.
     */
    public void claim(String zone, String key) {
        String other = feedByZone.putIfAbsent(zone, key);
        if (other != null && !other.equals(key)) {
            throw new IllegalArgumentException("zone " + zone + " is fed by both " + other + " and " + key
                    + "; a zone has one source, so leave it out of one of them");
        }
    }

    /** The zones claimed so far and the key of the feed that serves each. */
    public Map<String, String> claims() {
        return Map.copyOf(feedByZone);
    }
}
