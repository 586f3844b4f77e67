package io.heliostat.controller.state;

import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.nio.serialization.StreamSerializer;

import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.controller.actuation.EdgeRuns;
import io.heliostat.controller.actuation.RecordEdgeRun;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.command.CommandLog;
import io.heliostat.controller.command.IssueCommand;
import io.heliostat.controller.command.RecordOutcome;
import io.heliostat.controller.command.TakeCommands;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.leader.ClaimLease;
import io.heliostat.controller.leader.Lease;
import io.heliostat.controller.node.AgeNode;
import io.heliostat.controller.node.ApplyReport;
import io.heliostat.controller.node.ApplyReports;
import io.heliostat.controller.node.ExpectReportsEvery;
import io.heliostat.controller.node.MarkDraining;
import io.heliostat.controller.node.NodeAvailability;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.ReportOutcome;
import io.heliostat.controller.placement.MoveReplicas;
import io.heliostat.controller.placement.PlacedWorkload;

/**
 * Every type the controller keeps in or sends through Hazelcast, with its fixed serializer type id and its
 * serializer: JSON unless a type is on a hot path. Ids are part of the wire format between members: never reuse
 * or renumber one.
 */
final class StateTypes {

    record Registration(Class<?> type, int typeId, BiFunction<ObjectMapper, Integer, StreamSerializer<?>> serializer) {
    }

    static final List<Registration> ALL = List.of(
            json(NodeState.class, 1001),
            json(ApplyReport.class, 1002),
            new Registration(ReportOutcome.class, 1003, (json, typeId) -> new ReportOutcomeSerializer(typeId)),
            json(AgeNode.class, 1004),
            json(Lease.class, 1005),
            json(ClaimLease.class, 1006),
            json(ZoneCarbon.class, 1007),
            json(PlacedWorkload.class, 1008),
            json(ReoptimisationRound.class, 1009),
            json(MoveReplicas.class, 1010),
            json(NodeAvailability.class, 1011),
            json(ClusterSite.class, 1012),
            json(ApplyReports.class, 1013),
            json(CommandLog.class, 1014),
            json(IssueCommand.class, 1015),
            json(RecordOutcome.class, 1016),
            json(TakeCommands.class, 1017),
            json(MarkDraining.class, 1018),
            json(ExpectReportsEvery.class, 1019),
            json(EdgeRuns.class, 1020),
            json(RecordEdgeRun.class, 1021));

    private static <T> Registration json(Class<T> type, int typeId) {
        return new Registration(type, typeId, (json, id) -> new JsonSerializer<>(json, type, id));
    }

    private StateTypes() {
    }
}
