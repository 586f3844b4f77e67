package io.heliostat.api.placement;

/**
 * A node the replica could have gone to, and why it did not.
 *
 * @param feasible     whether every hard rule holds there
 * @param reason       readable: the hard rule it breaks, or the soft costs it adds
 * @param extraGramsPerHour CO2e per hour more than the chosen node (negative when greener but ruled out)
 */
public record AlternativeNode(String node, String cluster, boolean feasible, double gramsPerHour,
                              double extraGramsPerHour, Integer latencyMs, String reason) {
}
