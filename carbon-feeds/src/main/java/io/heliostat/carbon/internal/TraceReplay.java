package io.heliostat.carbon.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import io.heliostat.carbon.CarbonSignal;
import io.heliostat.carbon.SignalBasis;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.solver.trace.CarbonTrace;

/**
 * One recorded trace laid end to end along the replay's time line, so that the replay never runs out:
 * past the trace's end it wraps to its start, and an instant before the trace maps into it by whole
 * trace lengths. The bundled traces span whole days (365, 181 and 31), so the wrap keeps the hour of
 * the day; the weekday and the season jump.
 *
 * <p>Intervals are the trace's steps, placed on the replay time line: a signal dated 2023-06-15 from a
 * 2022 trace carries the 2022 value of the same position in the trace. The forecast is the trace's own
 * next steps: a <em>perfect</em> forecast, better than any provider's, which the demo accepts until real
 * forecasts arrive (issue 5).
 */
public final class TraceReplay {

    private final String zone;
    private final CarbonTrace trace;
    private final String source;
    private final long startSecond;
    private final long stepSeconds;
    private final double[] values;
    private final int forecastSteps;

    private TraceReplay(CarbonTrace trace, String source, double[] values, int forecastSteps) {
        this.zone = trace.zoneId();
        this.trace = trace;
        this.source = source;
        this.startSecond = trace.start().getEpochSecond();
        this.stepSeconds = trace.step().getSeconds();
        this.values = values;
        this.forecastSteps = forecastSteps;
    }

    /**
     * Prepares {@code trace} for replay, with a forecast of as many whole steps as fit in
     * {@code forecastHorizon}. Fails naming the file and the first instant without a value when the trace
     * has a gap: a replay must have a value for every step it will ever reach.
     *
     * @param name how signals name the trace: their source is {@code trace-replay:<name>}
     */
    public static TraceReplay of(CarbonTrace trace, String name, Duration forecastHorizon) {
        long step = trace.step().getSeconds();
        int steps = Math.toIntExact((trace.end().getEpochSecond() - trace.start().getEpochSecond()) / step);
        double[] values = new double[steps];
        for (int i = 0; i < steps; i++) {
            try {
                values[i] = trace.sampleAt(trace.start().plusSeconds(i * step));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; a replayed trace needs a value for every "
                        + trace.step() + " step, without gaps", e);
            }
        }
        return new TraceReplay(trace, "trace-replay:" + name, values, Math.toIntExact(forecastHorizon.getSeconds() / step));
    }

    public String zone() {
        return zone;
    }

    /** The file or resource the trace was read from, for messages. */
    public String traceSource() {
        return trace.source();
    }

    /**
     * The zone's signals at {@code replayInstant}: the actual value of the step holding then, and the
     * forecast of the steps after it, issued at {@code replayInstant}.
     *
     * @param fetchedAt the wall-clock instant of the delivery
     */
    public ZoneSignals signalsAt(Instant replayInstant, Instant fetchedAt) {
        long current = startSecond + Math.floorDiv(replayInstant.getEpochSecond() - startSecond, stepSeconds) * stepSeconds;
        SignalBasis forecast = new SignalBasis.Forecast(replayInstant);
        List<CarbonSignal> ahead = LongStream.rangeClosed(1, forecastSteps)
                .mapToObj(k -> signal(current + k * stepSeconds, forecast, fetchedAt))
                .toList();
        return new ZoneSignals(zone, replayInstant, signal(current, SignalBasis.ACTUAL, fetchedAt), ahead);
    }

    private CarbonSignal signal(long stepStart, SignalBasis basis, Instant fetchedAt) {
        int index = Math.toIntExact(Math.floorMod(stepStart - startSecond, stepSeconds * values.length) / stepSeconds);
        return new CarbonSignal(zone, Instant.ofEpochSecond(stepStart), Instant.ofEpochSecond(stepStart + stepSeconds),
                values[index], trace.signalKind(), basis, source, fetchedAt, false);
    }
}
