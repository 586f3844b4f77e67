package io.heliostat.carbon.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Synthetic hourly series for the forecast tests. */
final class Series {

    static final Instant T0 = Instant.parse("2022-06-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private Series() {
    }

    /** {@code level + amplitude * sin(2 pi h / 24)} for hours {@code 0..hours-1}. */
    static double[] dailySine(int hours, double level, double amplitude) {
        double[] values = new double[hours];
        for (int h = 0; h < hours; h++) {
            values[h] = level + amplitude * Math.sin(2 * Math.PI * (h % 24) / 24); // exactly periodic
        }
        return values;
    }

    static IntensitySeries hourly(double... values) {
        return IntensitySeries.of(T0, HOUR, values);
    }

    static double[] slice(double[] values, int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }
}
