package io.heliostat.controller.state;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

/**
 * Stores a state record in Hazelcast as its JSON form: members of different versions read each other's entries
 * as long as the JSON stays compatible, which Java serialization would not allow, and the records need no
 * Hazelcast types.
 */
final class JsonSerializer<T> implements StreamSerializer<T> {

    private final ObjectMapper json;
    private final Class<T> type;
    private final int typeId;

    JsonSerializer(ObjectMapper json, Class<T> type, int typeId) {
        this.json = json;
        this.type = type;
        this.typeId = typeId;
    }

    @Override
    public void write(ObjectDataOutput out, T value) throws IOException {
        out.writeByteArray(json.writeValueAsBytes(value));
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        return json.readValue(in.readByteArray(), type);
    }

    @Override
    public int getTypeId() {
        return typeId;
    }
}
