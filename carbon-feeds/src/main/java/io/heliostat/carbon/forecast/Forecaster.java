package io.heliostat.carbon.forecast;

import java.util.Objects;

/**
 * Forecasts a zone's intensity from its own history alone. Implementations are stateless and thread-safe:
 * every call fits on the history it is given and nothing else, so that an error measured on past data
 * is the error the product will see.
 */
public interface Forecaster {

    /**
     * The next {@code steps} values after the end of {@code history}, each >= 0, made by this forecaster's
     * method or, when the history is too short for it, by the simpler method the result names.
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    Forecast forecast(IntensitySeries history, int steps);

    /**
     * The next {@code steps} values after the end of {@code history}'s current contents.
     *
     * @throws IllegalArgumentException if the history is empty or {@code steps < 1}
     */
    default Forecast forecast(ZoneHistory history, int steps) {
        Objects.requireNonNull(history, "history");
        IntensitySeries series;
        try {
            series = history.series();
        } catch (IllegalStateException empty) {
            throw new IllegalArgumentException("history of zone " + history.zone() + " holds no samples to forecast from", empty);
        }
        return forecast(series, steps);
    }

    /** A short name for reports, such as {@code seasonal-naive}. */
    String name();
}
