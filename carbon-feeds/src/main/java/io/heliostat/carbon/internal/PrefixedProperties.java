package io.heliostat.carbon.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.spi.PropertiesComponent;

/** Reading a feed's keys from Camel's properties, for settings that reject a key they do not know. */
public final class PrefixedProperties {

    private PrefixedProperties() {
    }

    /**
     * The {@code keys} as Camel resolves them (placeholders in values, environment overrides), together with every other
     * key under {@code prefix} in the property sources, so that the settings can reject a misspelt one.
     */
    public static Map<String, String> read(PropertiesComponent properties, String prefix, Collection<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : properties.loadProperties(key -> key.startsWith(prefix)).stringPropertyNames()) {
            values.put(key, properties.resolveProperty(key).orElse(""));
        }
        for (String key : keys) {
            properties.resolveProperty(key).ifPresent(value -> values.put(key, value));
        }
        return values;
    }
}
