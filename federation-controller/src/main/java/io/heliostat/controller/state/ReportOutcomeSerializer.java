package io.heliostat.controller.state;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import io.heliostat.controller.node.NodeStatus;
import io.heliostat.controller.node.ReportOutcome;

/**
 * A report's outcome as its four fields: Hazelcast encodes what an entry processor returns even when the entry
 * is on the member that asked, so this runs once per report; as JSON it cost more than applying the report. The
 * enums travel by name, so that members of different versions agree as long as the names stay.
 */
final class ReportOutcomeSerializer implements StreamSerializer<ReportOutcome> {

    private final int typeId;

    ReportOutcomeSerializer(int typeId) {
        this.typeId = typeId;
    }

    @Override
    public void write(ObjectDataOutput out, ReportOutcome outcome) throws IOException {
        out.writeString(outcome.kind().name());
        out.writeLong(outcome.sequence());
        out.writeLong(outcome.missed());
        out.writeString(outcome.previousStatus() == null ? null : outcome.previousStatus().name());
    }

    @Override
    public ReportOutcome read(ObjectDataInput in) throws IOException {
        ReportOutcome.Kind kind = ReportOutcome.Kind.valueOf(in.readString());
        long sequence = in.readLong();
        long missed = in.readLong();
        String previousStatus = in.readString();
        return new ReportOutcome(kind, sequence, missed, previousStatus == null ? null : NodeStatus.valueOf(previousStatus));
    }

    @Override
    public int getTypeId() {
        return typeId;
    }
}
