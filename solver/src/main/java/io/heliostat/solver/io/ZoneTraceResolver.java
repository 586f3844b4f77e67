package io.heliostat.solver.io;

import java.io.IOException;

import io.heliostat.solver.domain.Horizon;
import io.heliostat.solver.domain.SignalKind;

/**
 * Turns a zone's trace reference into the carbon intensity of each slot of a horizon. The problem file
 * reader only needs this when a zone names a trace instead of listing its intensities inline; the CSV
 * readers of the carbon traces implement it.
 */
@FunctionalInterface
public interface ZoneTraceResolver {

    /** For readers of problems whose zones are all inline: any trace reference is reported as an error. */
    ZoneTraceResolver NONE = (reference, signal, horizon) -> {
        throw new UnsupportedOperationException("this reader resolves no carbon traces; list the zone's "
                + "intensities inline in \"intensity\" (one value per slot)");
    };

    /**
     * The intensity in gCO2e/kWh for each slot of {@code horizon}, the first value being the slot that
     * starts at {@link Horizon#start()}. More values than slots are allowed (the reader keeps the first
     * {@code horizon.slots()}); fewer are an error in the problem file.
     *
     * @param signal the signal kind the problem declares for the zone: a resolver that knows its trace's
     *               kind (average for Electricity Maps, marginal for WattTime) should reject a mismatch,
     *               as the two must never be compared
     * @throws IOException when the trace cannot be read
     * @throws IllegalArgumentException (or UnsupportedOperationException) when the trace does not cover
     *                                  the horizon or does not fit the zone; the message becomes the
     *                                  error's reason
     */
    double[] intensities(ZoneTraceReference reference, SignalKind signal, Horizon horizon) throws IOException;
}
