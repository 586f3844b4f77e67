package io.heliostat.api.placement;

import java.util.List;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/** Spread the replicas over at least {@code minDomains} nodes, clusters or regions. */
public record SpreadSpec(@Required @Pattern("^(node|cluster|region)$") String topologyKey,
                         @Required @Min(1) @Max(1000) Integer minDomains) implements Validated {

    public static final List<String> TOPOLOGY_KEYS = List.of("node", "cluster", "region");

    @Override
    public void validate(Validator validator) {
        if (validator.required("topologyKey", topologyKey)) {
            validator.oneOf("topologyKey", topologyKey, TOPOLOGY_KEYS);
        }
        if (validator.required("minDomains", minDomains)) {
            validator.range("minDomains", minDomains, 1, 1000);
        }
    }
}
