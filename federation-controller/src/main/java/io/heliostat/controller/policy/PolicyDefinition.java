package io.heliostat.controller.policy;

import java.nio.file.Path;

import io.heliostat.api.policy.PlacementPolicySpec;

/**
 * A valid policy and where it was defined: the file, and the line and column of its {@code metadata.name}, for
 * errors that involve two files, such as one name defined in both.
 */
public record PolicyDefinition(String name, PlacementPolicySpec spec, Path file, int line, int column) {
}
