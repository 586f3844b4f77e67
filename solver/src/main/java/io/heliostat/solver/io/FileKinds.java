package io.heliostat.solver.io;

/** The {@code apiVersion} and {@code kind} that open every placement file, as in a Kubernetes resource. */
final class FileKinds {

    static final String API_VERSION = "heliostat.io/v1alpha1";
    static final String PROBLEM = "PlacementProblem";
    static final String PLAN = "PlacementPlan";

    private FileKinds() {
    }
}
