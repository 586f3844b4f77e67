package io.heliostat.solver.constraints;

import static io.heliostat.solver.domain.TaintEffect.NO_EXECUTE;
import static io.heliostat.solver.domain.TaintEffect.NO_SCHEDULE;
import static io.heliostat.solver.domain.TaintEffect.PREFER_NO_SCHEDULE;
import static io.heliostat.solver.testing.TestFleet.replica;
import static io.heliostat.solver.testing.TestFleet.replicas;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import ai.timefold.solver.core.api.score.stream.test.SingleConstraintAssertion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.heliostat.solver.constraints.justifications.LatencySloExceeded;
import io.heliostat.solver.constraints.justifications.ResidencyViolated;
import io.heliostat.solver.constraints.justifications.SandboxUnavailable;
import io.heliostat.solver.constraints.justifications.SelectorMismatch;
import io.heliostat.solver.constraints.justifications.UntoleratedTaints;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Toleration;
import io.heliostat.solver.domain.UserLocation;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.testing.TestFleet;

/**
 * The per-replica rules of where a replica may run: selector, taints, sandbox, residency, latency SLO.
 *
 * <p>A clean case asserts no match at all ({@code penalizes(0)}): {@code hasNoImpact()} would also pass a
 * match of weight 0, such as a node filled exactly to its capacity.
 */
class PlacementRuleConstraintsTest {

    private static final ConstraintVerifier<PlacementConstraints, FleetPlan> VERIFIER =
            ConstraintVerifier.build(new PlacementConstraints(), FleetPlan.class, Replica.class);

    private static void assertPenalty(SingleConstraintAssertion assertion, int penalty) {
        if (penalty == 0) {
            assertion.penalizes(0);
        } else {
            assertion.penalizesBy(penalty);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.NODE_SELECTOR)
    class NodeSelector {

        private final TestFleet fleet = new TestFleet(2);
        private final Workload web = fleet.service("web").select("disk", "ssd").select("arch", "arm64").replicas(2).build();

        @Test
        void eachSelectorLabelTheNodeLacksCountsForEachReplica() {
            Node node = fleet.nodeSpec("n1").label("disk", "hdd").build();

            // disk=hdd is not disk=ssd, arch is missing: 2 labels x 2 replicas = 4
            VERIFIER.verifyThat(PlacementConstraints::nodeSelector)
                    .given(fleet.with(replicas(web, node, node)))
                    .justifiesWith(new SelectorMismatch("web#0", "n1", Map.of("disk", "ssd", "arch", "arm64")))
                    .penalizesBy(4);
        }

        @Test
        void nodeCarryingEverySelectedLabelIsFine() {
            Node node = fleet.nodeSpec("n1").label("disk", "ssd").label("arch", "arm64").label("zone", "edge").build();

            // both labels match; an extra label does not matter
            VERIFIER.verifyThat(PlacementConstraints::nodeSelector)
                    .given(fleet.with(replicas(web, node, node)))
                    .penalizes(0);
        }

        @Test
        void penaltyGrowsWithTheLabelsMissing() {
            Node oneMissing = fleet.nodeSpec("n1").label("disk", "ssd").build();
            Node twoMissing = fleet.node("n2");

            // web#0 lacks arch (1), web#1 lacks disk and arch (2): 1 + 2 = 3
            VERIFIER.verifyThat(PlacementConstraints::nodeSelector)
                    .given(fleet.with(replicas(web, oneMissing, twoMissing)))
                    .penalizesBy(3);
        }

        @Test
        void workloadWithoutSelectorRunsAnywhere() {
            Node node = fleet.node("n1");
            Workload plain = fleet.service("plain").build();

            // no selector: 0 labels to miss
            VERIFIER.verifyThat(PlacementConstraints::nodeSelector)
                    .given(fleet.with(replica(plain, 0, node)))
                    .penalizes(0);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.TAINTS)
    class UntoleratedTaint {

        static Stream<Arguments> cases() {
            Taint gpu = new Taint("gpu", "true", NO_SCHEDULE);
            Taint maintenance = new Taint("maintenance", "", NO_EXECUTE);
            return Stream.of(
                    arguments("a NoSchedule taint without a toleration costs 1",
                            List.of(gpu), List.of(), 1),
                    arguments("a NoSchedule and a NoExecute taint without tolerations cost 2",
                            List.of(gpu, maintenance), List.of(), 2),
                    arguments("an Equal toleration with the taint's key and value tolerates it",
                            List.of(gpu), List.of(equal("gpu", "true", null)), 0),
                    arguments("an Equal toleration with another value does not tolerate it",
                            List.of(gpu), List.of(equal("gpu", "false", null)), 1),
                    arguments("an Equal toleration of another key does not tolerate it",
                            List.of(gpu), List.of(equal("fpga", "true", null)), 1),
                    arguments("an Exists toleration tolerates its key with any value",
                            List.of(new Taint("gpu", "a100", NO_SCHEDULE)), List.of(exists("gpu", null)), 0),
                    arguments("an Exists toleration with an empty key tolerates every taint",
                            List.of(gpu, maintenance), List.of(exists("", null)), 0),
                    arguments("an empty-key toleration for NoExecute leaves the NoSchedule taint: 1",
                            List.of(gpu, maintenance), List.of(exists("", NO_EXECUTE)), 1),
                    arguments("a toleration for NoSchedule does not tolerate the same key with NoExecute",
                            List.of(new Taint("edge", "", NO_EXECUTE)), List.of(exists("edge", NO_SCHEDULE)), 1),
                    arguments("a toleration without an effect tolerates its key with every effect",
                            List.of(new Taint("edge", "", NO_SCHEDULE), new Taint("edge", "", NO_EXECUTE)),
                            List.of(exists("edge", null)), 0),
                    arguments("a PreferNoSchedule taint is not a hard violation",
                            List.of(new Taint("spot", "", PREFER_NO_SCHEDULE)), List.of(), 0),
                    arguments("one of two taints tolerated leaves 1",
                            List.of(gpu, maintenance), List.of(equal("gpu", "true", NO_SCHEDULE)), 1));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void countsTheForbiddingTaintsNoTolerationMatches(String description, List<Taint> taints,
                                                          List<Toleration> tolerations, int penalty) {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").taints(taints).build();
            Workload web = fleet.service("web").tolerations(tolerations).build();

            assertPenalty(VERIFIER.verifyThat(PlacementConstraints::untoleratedTaint)
                    .given(fleet.with(replica(web, 0, node))), penalty);
        }

        @Test
        void eachReplicaPaysForEachUntoleratedTaintAndHearsWhichOnes() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1")
                    .taint("gpu", "true", NO_SCHEDULE)
                    .taint("maintenance", "", NO_EXECUTE)
                    .taint("spot", "", PREFER_NO_SCHEDULE)
                    .build();
            Workload web = fleet.service("web").replicas(2).build();

            // 2 forbidding taints x 2 replicas = 4; the PreferNoSchedule taint is not listed
            VERIFIER.verifyThat(PlacementConstraints::untoleratedTaint)
                    .given(fleet.with(replicas(web, node, node)))
                    .justifiesWith(new UntoleratedTaints("web#0", "n1", List.of("gpu=true:NoSchedule", "maintenance:NoExecute")),
                            new UntoleratedTaints("web#1", "n1", List.of("gpu=true:NoSchedule", "maintenance:NoExecute")))
                    .penalizesBy(4);
        }

        @Test
        void untaintedNodeIsFine() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload web = fleet.service("web").build();

            // no taints: nothing to tolerate
            VERIFIER.verifyThat(PlacementConstraints::untoleratedTaint)
                    .given(fleet.with(replica(web, 0, node)))
                    .penalizes(0);
        }

        private static Toleration equal(String key, String value, TaintEffect effect) {
            return new Toleration(key, Toleration.Operator.EQUAL, value, Optional.ofNullable(effect));
        }

        private static Toleration exists(String key, TaintEffect effect) {
            return new Toleration(key, Toleration.Operator.EXISTS, "", Optional.ofNullable(effect));
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.SANDBOX)
    class Sandbox {

        private static final SandboxRequirement WASM_MODULE =
                new SandboxRequirement(true, IsolationLevel.CONTAINER, Optional.empty());

        private static SandboxRequirement isolation(IsolationLevel level) {
            return new SandboxRequirement(false, level, Optional.empty());
        }

        private static SandboxRequirement named(SandboxRuntime runtime) {
            return new SandboxRequirement(runtime.runsWasm(), IsolationLevel.CONTAINER, Optional.of(runtime));
        }

        private static SandboxRequirement allowing(SandboxRuntime... runtimes) {
            return new SandboxRequirement(false, IsolationLevel.CONTAINER, Optional.empty(), Set.of(runtimes));
        }

        static Stream<Arguments> cases() {
            return Stream.of(
                    arguments("a container image runs on runc",
                            Set.of(SandboxRuntime.RUNC), SandboxRequirement.ANY_CONTAINER, 0),
                    arguments("a container image cannot run on a WASM-only node",
                            Set.of(SandboxRuntime.WASM), SandboxRequirement.ANY_CONTAINER, 1),
                    arguments("a WASM module cannot run on container runtimes, however isolated",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR, SandboxRuntime.KATA), WASM_MODULE, 1),
                    arguments("a WASM module runs on a node that offers WASM beside runc",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.WASM), WASM_MODULE, 0),
                    arguments("micro-VM isolation is not met by runc and gVisor",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR), isolation(IsolationLevel.MICRO_VM), 1),
                    arguments("micro-VM isolation is met by Kata",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.KATA), isolation(IsolationLevel.MICRO_VM), 0),
                    arguments("user-space-kernel isolation is met by a stronger micro-VM",
                            Set.of(SandboxRuntime.FIRECRACKER), isolation(IsolationLevel.USER_SPACE_KERNEL), 0),
                    arguments("user-space-kernel isolation of a container image is not met by WASM",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.WASM), isolation(IsolationLevel.USER_SPACE_KERNEL), 1),
                    arguments("a named runtime is not met by another, even a stronger one",
                            Set.of(SandboxRuntime.KATA), named(SandboxRuntime.FIRECRACKER), 1),
                    arguments("a named runtime is met when the node offers it",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR), named(SandboxRuntime.GVISOR), 0),
                    arguments("a WASM module naming the WASM runtime runs on it",
                            Set.of(SandboxRuntime.WASM), named(SandboxRuntime.WASM), 0),
                    arguments("a policy that allows only Kata keeps a container image off runc and gVisor",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.GVISOR), allowing(SandboxRuntime.KATA), 1),
                    arguments("a policy's allowed runtime is met when the node offers it beside others",
                            Set.of(SandboxRuntime.RUNC, SandboxRuntime.KATA), allowing(SandboxRuntime.KATA), 0));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void replicaNeedsARuntimeItAccepts(String description, Set<SandboxRuntime> offered,
                                           SandboxRequirement requirement, int penalty) {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").runtimes(offered.toArray(SandboxRuntime[]::new)).build();
            Workload workload = fleet.service("workload").sandbox(requirement).build();

            assertPenalty(VERIFIER.verifyThat(PlacementConstraints::sandboxRuntime)
                    .given(fleet.with(replica(workload, 0, node))), penalty);
        }

        @Test
        void eachReplicaWithoutItsSandboxCostsOneAndHearsWhatIsOffered() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.nodeSpec("n1").runtimes(SandboxRuntime.RUNC, SandboxRuntime.GVISOR).build();
            Workload secure = fleet.service("secure").isolation(IsolationLevel.MICRO_VM).replicas(2).build();

            // neither runc nor gVisor is a micro-VM: 1 x 2 replicas = 2
            VERIFIER.verifyThat(PlacementConstraints::sandboxRuntime)
                    .given(fleet.with(replicas(secure, node, node)))
                    .justifiesWith(new SandboxUnavailable("secure#0", "n1", "isolation micro_vm or stronger", List.of("gvisor", "runc")))
                    .penalizesBy(2);
        }

        @Test
        void explanationNamesTheRuntimeOrWasm() {
            TestFleet fleet = new TestFleet(2);
            Node node = fleet.node("n1");
            Workload named = fleet.service("named").runtime(SandboxRuntime.FIRECRACKER).build();
            Workload module = fleet.service("module").wasmModule().build();

            // each replica lacks its runtime: 1 + 1 = 2
            VERIFIER.verifyThat(PlacementConstraints::sandboxRuntime)
                    .given(fleet.with(replica(named, 0, node), replica(module, 0, node)))
                    .justifiesWithExactly(new SandboxUnavailable("named#0", "n1", "firecracker", List.of("runc")),
                            new SandboxUnavailable("module#0", "n1", "a WASM runtime", List.of("runc")))
                    .penalizesBy(2);
        }
    }

    @Nested
    @DisplayName(PlacementConstraints.RESIDENCY)
    class DataResidency {

        private final TestFleet fleet = new TestFleet(2);
        private final Cluster paris = fleet.cluster("eu-west-3").residency("FR", "EU").build();
        private final Cluster madrid = fleet.cluster("eu-south-2").residency("ES", "EU").build();
        private final Cluster virginia = fleet.cluster("us-east-1").build();
        private final Node parisNode = fleet.node("paris-1", paris).build();
        private final Node madridNode = fleet.node("madrid-1", madrid).build();
        private final Node virginiaNode = fleet.node("virginia-1", virginia).build();

        @Test
        void replicaOutsideTheAllowedJurisdictionsCostsOne() {
            Workload records = fleet.service("records").residency("ES").replicas(2).build();

            // ES data: paris is {FR, EU}, not ES: 1 for records#0; madrid is fine. 1 + 0 = 1
            VERIFIER.verifyThat(PlacementConstraints::dataResidency)
                    .given(fleet.with(replicas(records, parisNode, madridNode)))
                    .justifiesWithExactly(new ResidencyViolated("records#0", "eu-west-3", Set.of("FR", "EU"), Set.of("ES")))
                    .penalizesBy(1);
        }

        @Test
        void replicaInAnAllowedJurisdictionIsFine() {
            Workload records = fleet.service("records").residency("ES").build();

            // madrid is {ES, EU}, which covers ES
            VERIFIER.verifyThat(PlacementConstraints::dataResidency)
                    .given(fleet.with(replica(records, 0, madridNode)))
                    .penalizes(0);
        }

        @Test
        void anyOneAllowedTagIsEnough() {
            Workload records = fleet.service("records").residency("EU", "CH").replicas(2).build();

            // {EU, CH} allowed: paris {FR, EU} and madrid {ES, EU} share EU
            VERIFIER.verifyThat(PlacementConstraints::dataResidency)
                    .given(fleet.with(replicas(records, parisNode, madridNode)))
                    .penalizes(0);
        }

        @Test
        void workloadWithoutRestrictionRunsAnywhereEvenOnUntaggedClusters() {
            Workload open = fleet.service("open").replicas(2).build();

            // no allowed jurisdictions means any, including a cluster with no tags
            VERIFIER.verifyThat(PlacementConstraints::dataResidency)
                    .given(fleet.with(replicas(open, virginiaNode, parisNode)))
                    .penalizes(0);
        }

        @Test
        void clusterWithoutTagsMeetsNoRestriction() {
            Workload records = fleet.service("records").residency("EU").build();

            // us-east-1 has no tags, so not EU: 1
            VERIFIER.verifyThat(PlacementConstraints::dataResidency)
                    .given(fleet.with(replica(records, 0, virginiaNode)))
                    .penalizesBy(1);
        }
    }

    /** Users in Madrid: 5 ms to the Madrid edge site, 35 ms to Paris, 90 ms to Virginia. */
    @Nested
    @DisplayName(PlacementConstraints.LATENCY_SLO)
    class LatencySlo {

        private final TestFleet fleet = new TestFleet(2);
        private final Cluster madridEdge = fleet.cluster("madrid-edge").edge().build();
        private final Cluster paris = fleet.cluster("eu-west-3").build();
        private final Cluster virginia = fleet.cluster("us-east-1").build();
        private final UserLocation madridUsers = fleet.users("madrid", Map.of(madridEdge, 5, paris, 35, virginia, 90));
        private final Node edgeNode = fleet.node("edge-1", madridEdge).build();
        private final Node parisNode = fleet.node("paris-1", paris).build();
        private final Node virginiaNode = fleet.node("virginia-1", virginia).build();

        @Test
        void replicaFartherThanTheSloCostsTheMillisecondsOver() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(20).build();

            // 35 ms to Paris against a 20 ms SLO: 35 - 20 = 15
            VERIFIER.verifyThat(PlacementConstraints::latencySlo)
                    .given(fleet.with(replica(api, 0, parisNode)))
                    .justifiesWith(new LatencySloExceeded("api#0", "eu-west-3", 35, 20))
                    .penalizesBy(15);
        }

        @Test
        void replicaWithinTheSloIsFine() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(20).build();

            // 5 ms to the edge site, within 20 ms
            VERIFIER.verifyThat(PlacementConstraints::latencySlo)
                    .given(fleet.with(replica(api, 0, edgeNode)))
                    .penalizes(0);
        }

        @Test
        void replicaExactlyAtTheSloIsFine() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(35).build();

            // 35 ms to Paris against a 35 ms SLO: not over
            VERIFIER.verifyThat(PlacementConstraints::latencySlo)
                    .given(fleet.with(replica(api, 0, parisNode)))
                    .penalizes(0);
        }

        @Test
        void penaltyGrowsWithTheDistance() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(20).replicas(2).build();

            // Paris: 35 - 20 = 15; Virginia: 90 - 20 = 70. 15 + 70 = 85
            VERIFIER.verifyThat(PlacementConstraints::latencySlo)
                    .given(fleet.with(replicas(api, parisNode, virginiaNode)))
                    .justifiesWith(new LatencySloExceeded("api#1", "us-east-1", 90, 20))
                    .penalizesBy(85);
        }

        @Test
        void sloOfZeroMeansNone() {
            Workload api = fleet.service("api").users(madridUsers).latencySlo(0).build();

            // 90 ms to Virginia, but no SLO to break
            VERIFIER.verifyThat(PlacementConstraints::latencySlo)
                    .given(fleet.with(replica(api, 0, virginiaNode)))
                    .penalizes(0);
        }
    }
}
