package io.heliostat.api.node;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * What the node draws and may draw, in watts.
 *
 * @param drawWatts   now: RAPL counters where the node has them, else the agent's power model
 * @param idleWatts   with nothing running (from the node's power profile)
 * @param maxWatts    at full load
 * @param budgetWatts the most the node may draw (battery or solar gateways); 0 for no budget
 * @param measured    whether {@code drawWatts} was measured rather than modelled
 */
public record PowerReading(double drawWatts, double idleWatts, double maxWatts, double budgetWatts, boolean measured)
        implements Validated {

    @Override
    public void validate(Validator validator) {
        validator.range("drawWatts", drawWatts, 0, 1_000_000);
        validator.range("idleWatts", idleWatts, 0, 1_000_000);
        validator.range("maxWatts", maxWatts, 0, 1_000_000);
        validator.range("budgetWatts", budgetWatts, 0, 1_000_000);
        if (maxWatts < idleWatts) {
            validator.reject("maxWatts", "must be >= idleWatts (" + idleWatts + "), was " + maxWatts);
        }
    }
}
