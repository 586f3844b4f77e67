package io.heliostat.controller.state;

import java.util.List;

import io.heliostat.api.placement.ReoptimisationRound;
import io.heliostat.controller.carbon.ZoneCarbon;
import io.heliostat.controller.fleet.ClusterSite;
import io.heliostat.controller.leader.ClaimLease;
import io.heliostat.controller.leader.Lease;
import io.heliostat.controller.node.AgeNode;
import io.heliostat.controller.node.ApplyReport;
import io.heliostat.controller.node.NodeAvailability;
import io.heliostat.controller.node.NodeState;
import io.heliostat.controller.node.ReportOutcome;
import io.heliostat.controller.placement.MoveReplicas;
import io.heliostat.controller.placement.PlacedWorkload;

/**
 * Every type the controller keeps in or sends through Hazelcast, with its fixed serializer type id. Ids are
 * part of the wire format between members: never reuse or renumber one.
 */
final class StateTypes {

    record Registration(Class<?> type, int typeId) {
    }

    static final List<Registration> ALL = List.of(
            new Registration(NodeState.class, 1001),
            new Registration(ApplyReport.class, 1002),
            new Registration(ReportOutcome.class, 1003),
            new Registration(AgeNode.class, 1004),
            new Registration(Lease.class, 1005),
            new Registration(ClaimLease.class, 1006),
            new Registration(ZoneCarbon.class, 1007),
            new Registration(PlacedWorkload.class, 1008),
            new Registration(ReoptimisationRound.class, 1009),
            new Registration(MoveReplicas.class, 1010),
            new Registration(NodeAvailability.class, 1011),
            new Registration(ClusterSite.class, 1012));

    private StateTypes() {
    }
}
