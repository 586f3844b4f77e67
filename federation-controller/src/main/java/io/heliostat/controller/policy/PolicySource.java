package io.heliostat.controller.policy;

import java.io.Closeable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heliostat.api.policy.PlacementPolicySpec;

/**
 * Where the controller's placement policies come from: a directory of YAML files ({@link PolicyDirectory}) or the
 * PlacementPolicy resources of a hub cluster. Both read a policy with {@link PolicyDocuments}, so that a policy means
 * the same and is rejected for the same reasons either way, and both keep a policy's last good version in force
 * while a newer one is rejected.
 */
public interface PolicySource extends Closeable {

    /** The policies in force, by name; always includes {@value PolicyDirectory#DEFAULT_POLICY}. */
    Map<String, PlacementPolicySpec> policies();

    /** What is wrong with the policies that were rejected, each naming where it is; empty when all apply. */
    List<PolicyFileError> problems();

    /** {@code defined} with the built-in {@value PolicyDirectory#DEFAULT_POLICY} policy unless it defines one. */
    static Map<String, PlacementPolicySpec> withDefault(Map<String, PlacementPolicySpec> defined) {
        Map<String, PlacementPolicySpec> all = new TreeMap<>(Map.of(PolicyDirectory.DEFAULT_POLICY, PlacementPolicySpec.ofDefaults()));
        all.putAll(defined);
        return Collections.unmodifiableMap(all);
    }
}
