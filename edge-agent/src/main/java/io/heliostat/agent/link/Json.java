package io.heliostat.agent.link;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The agent's data binding, for what is read rather than sent every beat: buffered reports, commands and their
 * outcomes. Built at first use, so that an agent whose controller is reachable and sends no commands never loads it;
 * reports themselves are written by {@link ReportJson}.
 */
public final class Json {

    private Json() {
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {

        /**
         * The java.time module is registered by hand rather than found through the service loader, which scans the
         * class path. What a node lacks (a temperature, a DPU's model) is left out rather than written as null.
         */
        static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }
}
