package io.heliostat.controller.state;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

/**
 * Stores a state record in Hazelcast as its JSON form: members of different versions read each other's entries
 * as long as the JSON stays compatible, which Java serialization would not allow, and the records need no
 * Hazelcast types.
 */
final class JsonSerializer<T> implements StreamSerializer<T> {

    // Bound to the type once: no per-call lookup of its (de)serializer.
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final int typeId;

    JsonSerializer(ObjectMapper json, Class<T> type, int typeId) {
        this.reader = json.readerFor(type);
        this.writer = json.writerFor(type);
        this.typeId = typeId;
    }

    @Override
    public void write(ObjectDataOutput out, T value) throws IOException {
        out.writeByteArray(writer.writeValueAsBytes(value));
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        return reader.readValue(in.readByteArray());
    }

    @Override
    public int getTypeId() {
        return typeId;
    }
}
