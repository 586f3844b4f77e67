package io.heliostat.api.node;

import java.util.List;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/** A taint on the node, as in Kubernetes: {@code key=value:effect}. */
public record NodeTaint(@Required String key, String value,
                        @Required @Pattern("^(NoSchedule|PreferNoSchedule|NoExecute)$") String effect) implements Validated {

    public static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    @Override
    public void validate(Validator validator) {
        validator.required("key", key);
        if (validator.required("effect", effect)) {
            validator.oneOf("effect", effect, EFFECTS);
        }
    }
}
