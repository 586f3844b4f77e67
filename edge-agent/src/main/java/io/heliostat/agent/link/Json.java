package io.heliostat.agent.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The agent's JSON: the wire form the controller reads (ISO-8601 instants and durations). */
public final class Json {

    private Json() {
    }

    /**
     * The module is registered by hand rather than found through the service loader, which scans the class path
     * and costs start-up time on a gateway.
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // What a node lacks (a temperature, a probe) is left out rather than sent as null.
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
