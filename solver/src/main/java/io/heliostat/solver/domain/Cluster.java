package io.heliostat.solver.domain;

import java.util.Objects;
import java.util.Set;

/**
 * A member cluster: a cloud region or an edge site, drawing power from one grid zone.
 *
 * @param region failure domain and cloud region name (such as {@code eu-south-2}) or the edge site's name
 * @param latencyDomain the metro area whose sites reach each other in a few ms (for co-location rules)
 * @param residency jurisdiction tags data placed here falls under (such as {@code ES}, {@code EU})
 * @param index position in the fleet's cluster list, for array look-ups on the hot path
 */
public record Cluster(String id, ClusterKind kind, String provider, String region, String latencyDomain,
                      Zone zone, Set<String> residency, Location location, int index) {

    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(location, "location");
        provider = provider == null ? "" : provider;
        region = region == null || region.isEmpty() ? id : region;
        latencyDomain = latencyDomain == null || latencyDomain.isEmpty() ? region : latencyDomain;
        residency = Set.copyOf(residency);
    }

    /** True when any of the workload's allowed jurisdictions covers this cluster, or it allows any. */
    public boolean satisfiesResidency(Set<String> allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String tag : residency) {
            if (allowed.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    // Identity semantics: a cluster is a fact with a unique id; records would compare every field.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return id;
    }
}
