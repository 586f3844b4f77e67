package io.heliostat.solver.constraints;

import static io.heliostat.solver.testing.TestFleet.allOn;
import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.replicas;

import java.util.List;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.solver.constraints.justifications.CapacityExceeded;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * Capacity per resource and the power budget: what a node's replicas request in a slot must fit it.
 * Default nodes have 4000 m CPU, 16384 MiB, 100 GiB scratch and no GPU or DPU; the horizon has 2 slots.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
class CapacityConstraintsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    @Nested
    @DisplayName(PlacementConstraints.CPU_CAPACITY)
    class CpuCapacity {

        @Test
        void overCommittedNodeCostsTheMillicoresOverInEverySlot() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload web = fleet.service("web").cpu(1500).replicas(3).build();

            // 3 replicas x 1500 m = 4500 m on a 4000 m node: over by 500 m in each of 2 slots = 1000
            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replicas(web, node, node, node)))
                    .justifiesWith(new CapacityExceeded("n1", "cpu", List.of(0, 1), 4500, 4000, "millicores"))
                    .penalizesBy(1000);
        }

        @Test
        void nodeFilledExactlyToCapacityIsFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload web = fleet.service("web").cpu(2000).replicas(2).build();

            // 2 replicas x 2000 m = 4000 m on a 4000 m node: not over
            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replicas(web, node, node)))
                    .penalizes(0);
        }

        @ParameterizedTest(name = "a replica of {0} m on a 4000 m node costs {1}")
        @CsvSource({
                // over by 1 core in each of 2 slots: 1000 x 2 = 2000
                "5000, 2000",
                // over by 3 cores in each of 2 slots: 3000 x 2 = 6000
                "7000, 6000"})
        void penaltyGrowsWithTheOverCommitment(long requestMillis, long penalty) {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload big = fleet.service("big").cpu(requestMillis).build();

            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replica(big, 0, node)))
                    .penalizesBy(penalty);
        }

        @Test
        void jobCountsOnlyInTheSlotsItRuns() {
            TestFleet fleet = new TestFleet(3);
            Node node = fleet.node("n1");
            Workload web = fleet.service("web").cpu(3000).build();
            Workload batch = fleet.job("batch").cpu(2000).build();

            // slot 1: 3000 m + 2000 m = 5000 m, over by 1000 m; slots 0 and 2: 3000 m, fine. 1000 x 1 slot = 1000
            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replica(web, 0, node), replica(batch, 0, node, 1)))
                    .justifiesWithExactly(new CapacityExceeded("n1", "cpu", List.of(1), 5000, 4000, "millicores"))
                    .penalizesBy(1000);
        }

        @Test
        void jobsInDifferentSlotsDoNotAddUp() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload batch = fleet.job("batch").cpu(3000).replicas(2).build();

            // 3000 m in slot 0 and 3000 m in slot 1, each within 4000 m
            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replica(batch, 0, node, 0), replica(batch, 1, node, 1)))
                    .penalizes(0);
        }

        @Test
        void replicasOnDifferentNodesDoNotAddUp() {
            TestFleet fleet = new TestFleet(2);
            Node first = fleet.node("n1");
            Node second = fleet.node("n2");
            Workload web = fleet.service("web").cpu(3000).replicas(2).build();

            // 3000 m on each 4000 m node
            VERIFIER.verifyThat(PlacementConstraints::cpuCapacity)
                    .given(fleet.with(replicas(web, first, second)))
                    .penalizes(0);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.MEMORY_CAPACITY)
    class MemoryCapacity {

        @Test
        void overCommittedNodeCostsTheMebibytesOverInEverySlot() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload cache = fleet.service("cache").memory(6144).replicas(3).build();

            // 3 x 6144 MiB = 18432 MiB on a 16384 MiB node: over by 2048 MiB in each of 2 slots = 4096
            VERIFIER.verifyThat(PlacementConstraints::memoryCapacity)
                    .given(fleet.with(replicas(cache, node, node, node)))
                    .justifiesWith(new CapacityExceeded("n1", "memory", List.of(0, 1), 18432, 16384, "MiB"))
                    .penalizesBy(4096);
        }

        @Test
        void nodeFilledExactlyToCapacityIsFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload cache = fleet.service("cache").memory(8192).replicas(2).build();

            // 2 x 8192 MiB = 16384 MiB on a 16384 MiB node
            VERIFIER.verifyThat(PlacementConstraints::memoryCapacity)
                    .given(fleet.with(replicas(cache, node, node)))
                    .penalizes(0);
        }

        @Test
        void penaltyGrowsWithTheOverCommitment() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload cache = fleet.service("cache").memory(6144).replicas(4).build();

            // 4 x 6144 MiB = 24576 MiB: over by 8192 MiB in each of 2 slots = 16384 (3 replicas cost 4096)
            VERIFIER.verifyThat(PlacementConstraints::memoryCapacity)
                    .given(fleet.with(replicas(cache, node, node, node, node)))
                    .penalizesBy(16384);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.GPU_CAPACITY)
    class GpuCapacity {

        @Test
        void gpuWorkloadOnNodeWithoutGpusIsOver() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload inference = fleet.service("inference").gpus(1).build();

            // 1 GPU on a node with none: over by 1 in each of 2 slots = 2
            VERIFIER.verifyThat(PlacementConstraints::gpuCapacity)
                    .given(fleet.with(replica(inference, 0, node)))
                    .justifiesWith(new CapacityExceeded("n1", "gpu", List.of(0, 1), 1, 0, "GPUs"))
                    .penalizesBy(2);
        }

        @Test
        void gpusWithinCapacityAreFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").gpus(2).build();
            Workload inference = fleet.service("inference").gpus(1).replicas(2).build();

            // 2 replicas x 1 GPU on a 2-GPU node
            VERIFIER.verifyThat(PlacementConstraints::gpuCapacity)
                    .given(fleet.with(replicas(inference, node, node)))
                    .penalizes(0);
        }

        @ParameterizedTest(name = "{0} one-GPU replicas on a 2-GPU node cost {1}")
        @CsvSource({
                // over by 1 GPU in each of 2 slots = 2
                "3, 2",
                // over by 3 GPUs in each of 2 slots = 6
                "5, 6"})
        void penaltyGrowsWithTheOverCommitment(int replicaCount, long penalty) {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").gpus(2).build();
            Workload inference = fleet.service("inference").gpus(1).replicas(replicaCount).build();

            VERIFIER.verifyThat(PlacementConstraints::gpuCapacity)
                    .given(fleet.with(allOn(inference, node)))
                    .penalizesBy(penalty);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.DPU_CAPACITY)
    class DpuCapacity {

        @Test
        void moreDpuFunctionsThanDpusIsOver() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").dpus(2).build();
            Workload firewall = fleet.service("firewall").dpus(1).replicas(3).build();

            // 3 replicas x 1 DPU on a 2-DPU node: over by 1 in each of 2 slots = 2
            VERIFIER.verifyThat(PlacementConstraints::dpuCapacity)
                    .given(fleet.with(replicas(firewall, node, node, node)))
                    .justifiesWith(new CapacityExceeded("n1", "dpu", List.of(0, 1), 3, 2, "DPUs"))
                    .penalizesBy(2);
        }

        @Test
        void dpusWithinCapacityAreFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").dpus(2).build();
            Workload firewall = fleet.service("firewall").dpus(1).replicas(2).build();

            // 2 x 1 DPU on a 2-DPU node
            VERIFIER.verifyThat(PlacementConstraints::dpuCapacity)
                    .given(fleet.with(replicas(firewall, node, node)))
                    .penalizes(0);
        }

        @Test
        void penaltyGrowsWithTheOverCommitment() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").dpus(2).build();
            Workload firewall = fleet.service("firewall").dpus(2).replicas(3).build();

            // 3 x 2 DPUs = 6 on a 2-DPU node: over by 4 in each of 2 slots = 8
            VERIFIER.verifyThat(PlacementConstraints::dpuCapacity)
                    .given(fleet.with(replicas(firewall, node, node, node)))
                    .penalizesBy(8);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.EPHEMERAL_STORAGE_CAPACITY)
    class EphemeralStorageCapacity {

        @Test
        void overCommittedScratchCostsTheMebibytesOver() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload etl = fleet.service("etl").ephemeralStorage(40_960).replicas(3).build();

            // 3 x 40960 MiB = 122880 MiB on 102400 MiB: over by 20480 MiB in each of 2 slots = 40960
            VERIFIER.verifyThat(PlacementConstraints::ephemeralStorageCapacity)
                    .given(fleet.with(replicas(etl, node, node, node)))
                    .justifiesWith(new CapacityExceeded("n1", "ephemeral-storage", List.of(0, 1), 122_880, 102_400, "MiB"))
                    .penalizesBy(40_960);
        }

        @Test
        void scratchWithinCapacityIsFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload etl = fleet.service("etl").ephemeralStorage(51_200).replicas(2).build();

            // 2 x 51200 MiB = 102400 MiB on 102400 MiB
            VERIFIER.verifyThat(PlacementConstraints::ephemeralStorageCapacity)
                    .given(fleet.with(replicas(etl, node, node)))
                    .penalizes(0);
        }

        @Test
        void penaltyGrowsWithTheOverCommitment() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload etl = fleet.service("etl").ephemeralStorage(61_440).replicas(3).build();

            // 3 x 61440 MiB = 184320 MiB: over by 81920 MiB in each of 2 slots = 163840
            VERIFIER.verifyThat(PlacementConstraints::ephemeralStorageCapacity)
                    .given(fleet.with(replicas(etl, node, node, node)))
                    .penalizesBy(163_840);
        }
    }

    /**
     * A gateway of 2000 m drawing 8 W idle and 20 W at full CPU: 1000 m adds 1000/2000 x (20 - 8) = 6 W.
     */
    @Nested
    @DisplayName(PlacementConstraints.POWER_BUDGET)
    class PowerBudget {

        private final TestFleet fleet = new TestFleet(2);
        private final Workload sensor = fleet.service("sensor").cpu(1000).replicas(3).build();

        private Node gateway(double budgetWatts) {
            return fleet.nodeSpec("gw-1").cpu(2000).power(8, 20).powerBudget(budgetWatts).build();
        }

        @Test
        void drawOverTheBudgetCostsTheWattsOverInEverySlot() {
            Node gateway = gateway(15);

            // 8 W idle + 2 x 6 W = 20 W on a 15 W budget: over by 5 W in each of 2 slots = 10
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replicas(sensor, gateway, gateway)))
                    .justifiesWith(new CapacityExceeded("gw-1", "power", List.of(0, 1), 20, 15, "W"))
                    .penalizesBy(10);
        }

        @Test
        void drawWithinTheBudgetIsFine() {
            Node gateway = gateway(15);

            // 8 W idle + 6 W = 14 W on a 15 W budget
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replica(sensor, 0, gateway)))
                    .penalizes(0);
        }

        @Test
        void idleDrawCountsAgainstTheBudget() {
            Node gateway = gateway(12);

            // the replica adds only 6 W, but 8 W idle + 6 W = 14 W on a 12 W budget: over by 2 W x 2 slots = 4
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replica(sensor, 0, gateway)))
                    .penalizesBy(4);
        }

        @Test
        void penaltyGrowsWithTheDrawOver() {
            Node gateway = gateway(15);

            // 8 W + 3 x 6 W = 26 W: over by 11 W x 2 slots = 22 (two replicas cost 10)
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replicas(sensor, gateway, gateway, gateway)))
                    .penalizesBy(22);
        }

        @Test
        void partOfAWattOverCountsAsAWholeWatt() {
            Node gateway = gateway(13.5);

            // 14 W on a 13.5 W budget: over by 0.5 W, rounded up to 1 W, in each of 2 slots = 2
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replica(sensor, 0, gateway)))
                    .penalizesBy(2);
        }

        @Test
        void busyGpusCountInTheDraw() {
            Node gateway = fleet.nodeSpec("gw-gpu").cpu(2000).power(8, 20).gpus(1).wattsPerGpu(10).powerBudget(15).build();
            Workload vision = fleet.service("vision").cpu(0).gpus(1).build();

            // 8 W idle + 0 W of CPU + 10 W for the GPU = 18 W on 15 W: over by 3 W x 2 slots = 6
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replica(vision, 0, gateway)))
                    .penalizesBy(6);
        }

        @Test
        void nodeWithoutABudgetHasNoLimit() {
            Node gateway = gateway(0);

            // 8 W + 3 x 6 W = 26 W, but a budget of 0 means none
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(replicas(sensor, gateway, gateway, gateway)))
                    .penalizes(0);
        }

        @Test
        void nodeHostingNothingIsOffAndDrawsNothing() {
            gateway(5);

            // 8 W idle exceeds 5 W, but an empty node is not counted
            VERIFIER.verifyThat(PlacementConstraints::powerBudget)
                    .given(fleet.with(List.of()))
                    .penalizes(0);
        }
    }
}
