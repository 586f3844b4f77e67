package io.heliostat.solver.domain;

import java.util.Locale;

/** The failure domain a spread rule counts: a node, a member cluster, or a region. */
public enum TopologyKey {
    NODE, CLUSTER, REGION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TopologyKey fromId(String id) {
        for (TopologyKey key : values()) {
            if (key.id().equals(id)) {
                return key;
            }
        }
        throw new IllegalArgumentException("unknown topology key '" + id + "'; allowed: node, cluster, region");
    }
}
