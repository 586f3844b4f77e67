package io.heliostat.solver.trace;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.io.ZoneTraceReference;
import io.heliostat.solver.io.ZoneTraceResolver;

/** Resolves a problem file's trace references with the CSV readers: the user's files and the bundled traces. */
public final class TraceResolver implements ZoneTraceResolver {

    @Override
    public double[] intensities(ZoneTraceReference reference, SignalKind signal, Horizon horizon) {
        CarbonTrace trace = switch (reference) {
            case ZoneTraceReference.TraceFile file -> CarbonTrace.fromFile(file.path());
            case ZoneTraceReference.BundledTrace bundled -> bundled(bundled.name()).load();
        };
        if (trace.signalKind() != signal) {
            throw new IllegalArgumentException(trace.source() + " is a " + trace.signalKind().name().toLowerCase(java.util.Locale.ROOT)
                    + " signal but the zone declares " + signal.name().toLowerCase(java.util.Locale.ROOT)
                    + "; average and marginal intensities are never compared");
        }
        return trace.intensities(horizon);
    }

    private static BundledTrace bundled(String name) {
        return Arrays.stream(BundledTrace.values())
                .filter(trace -> trace.fileName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bundled trace '" + name + "'; bundled: "
                        + Arrays.stream(BundledTrace.values()).map(BundledTrace::fileName).collect(Collectors.joining(", "))));
    }
}
