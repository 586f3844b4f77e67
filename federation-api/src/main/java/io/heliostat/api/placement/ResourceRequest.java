package io.heliostat.api.placement;

import java.util.regex.Pattern;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * What each replica requests, in Kubernetes quantities: {@code cpu: "500m"} or {@code "2"},
 * {@code memory: "512Mi"} or {@code "1Gi"}; GPUs and DPUs as whole devices. Absent amounts are zero.
 */
public record ResourceRequest(String cpu, String memory, Integer gpu, Integer dpu, String ephemeralStorage)
        implements Validated {

    /** A Kubernetes resource quantity: a decimal number with an optional SI or binary suffix. */
    public static final Pattern QUANTITY =
            Pattern.compile("^\\+?((?:[0-9]+(?:\\.[0-9]*)?)|(?:\\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|(?:[eE][-+]?[0-9]+))?$");
    private static final String QUANTITY_RULE = "must be a Kubernetes quantity such as 500m, 2, 512Mi or 1Gi";

    @Override
    public void validate(Validator validator) {
        quantity(validator, "cpu", cpu);
        quantity(validator, "memory", memory);
        quantity(validator, "ephemeralStorage", ephemeralStorage);
        validator.range("gpu", gpu, 0, 64);
        validator.range("dpu", dpu, 0, 16);
        if (isZero(cpu) && isZero(memory) && (gpu == null || gpu == 0) && (dpu == null || dpu == 0)) {
            validator.reject("", "must request some cpu, memory, gpu or dpu");
        }
    }

    private static void quantity(Validator validator, String field, String value) {
        if (value != null && !QUANTITY.matcher(value).matches()) {
            validator.reject(field, QUANTITY_RULE + ", was '" + value + "'");
        }
    }

    private static boolean isZero(String quantity) {
        return quantity == null || !QUANTITY.matcher(quantity).matches() || quantity.replaceAll("[^1-9]", "").isEmpty();
    }
}
