package io.heliostat.solver.domain;

import java.util.Objects;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.valuerange.ValueRange;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeFactory;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/**
 * One replica of a workload (or one run of a job): the solver picks its node and, for deferrable work,
 * its start slot. A replica may stay unplaced when no node can take it; that costs medium score.
 */
@PlanningEntity
public class Replica {

    @PlanningId
    private String id;
    private Workload workload;
    private int ordinal;
    /** Where the replica runs now; moving it elsewhere costs migration. */
    private Node currentNode;
    @PlanningPin
    private boolean pinned;

    @PlanningVariable(allowsUnassigned = true)
    private Node node;
    @PlanningVariable(valueRangeProviderRefs = "startSlotRange")
    private Integer startSlot;

    public Replica() {
        // for Timefold's cloner
    }

    public Replica(Workload workload, int ordinal) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.ordinal = ordinal;
        this.id = workload.id() + "#" + ordinal;
    }

    public Replica(Workload workload, int ordinal, Node node, Integer startSlot) {
        this(workload, ordinal);
        this.node = node;
        this.startSlot = startSlot;
    }

    @ValueRangeProvider(id = "startSlotRange")
    public ValueRange<Integer> getStartSlotRange() {
        // Any start that ends within the horizon; the deadline is a hard constraint, so a late start is
        // visible (and explainable) rather than impossible.
        return ValueRangeFactory.createIntValueRange(workload.releaseSlot(), latestStart() + 1);
    }

    private int latestStart() {
        return Math.max(workload.releaseSlot(), workload.deadlineSlot() - workload.durationSlots());
    }

    public String getId() {
        return id;
    }

    public Workload getWorkload() {
        return workload;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public Node getNode() {
        return node;
    }

    public void setNode(Node node) {
        this.node = node;
    }

    public Integer getStartSlot() {
        return startSlot;
    }

    public void setStartSlot(Integer startSlot) {
        this.startSlot = startSlot;
    }

    public Node getCurrentNode() {
        return currentNode;
    }

    public void setCurrentNode(Node currentNode) {
        this.currentNode = currentNode;
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    // Derived figures the constraints read; valid only while the replica is placed.

    public int start() {
        return startSlot == null ? workload.releaseSlot() : startSlot;
    }

    public Integer getEndSlot() {
        return start() + workload.durationSlots();
    }

    public boolean isMoved() {
        return currentNode != null && node != currentNode;
    }

    public int rttMs() {
        return workload.rttMs(node.cluster());
    }

    public String latencyDomain() {
        return node.cluster().latencyDomain();
    }

    public double incrementalWatts() {
        return node.incrementalWatts(workload.request());
    }

    /** CO2e the replica's incremental draw emits over the slots it runs, in milligrams. */
    public long carbonMilligrams() {
        return node.carbonMilligrams(workload.request(), start(), getEndSlot());
    }

    /** Incremental energy over the run in milliwatt-hours. */
    public long energyMilliwattHours() {
        return node.energyMilliwattHours(workload.request(), workload.durationSlots());
    }

    @Override
    public String toString() {
        return id;
    }
}
