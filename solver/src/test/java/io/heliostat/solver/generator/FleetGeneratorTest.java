package io.heliostat.solver.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;

import io.heliostat.solver.constraints.PlacementConstraints;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.FleetPlan;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Node;
import io.heliostat.solver.domain.Replica;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Taint;
import io.heliostat.solver.domain.TaintEffect;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.domain.Zone;

class FleetGeneratorTest {

    private static final FleetGenerator GENERATOR = new FleetGenerator();
    private static final Taint EDGE_TAINT = new Taint("node-role/edge", "true", TaintEffect.NO_SCHEDULE);

    @ParameterizedTest
    @EnumSource(FleetSize.class)
    void everySizeHasExactlyItsClustersNodesAndReplicas(FleetSize size) {
        FleetPlan plan = GENERATOR.generate(size, 42);

        assertThat(plan.getClusters()).hasSize(size.clusters());
        assertThat(plan.getNodes()).hasSize(size.nodes());
        assertThat(plan.getWorkloads().stream().mapToInt(Workload::replicas).sum()).isEqualTo(size.replicas());
        assertThat(plan.getReplicas()).hasSize(size.replicas());
        assertThat(plan.getReplicas()).allMatch(replica -> replica.getNode() == null);
        // Indices are positions, as the constraints' array look-ups assume.
        assertThat(plan.getClusters()).extracting(Cluster::index).containsExactlyElementsOf(range(size.clusters()));
        assertThat(plan.getNodes()).extracting(Node::index).containsExactlyElementsOf(range(size.nodes()));
        assertThat(plan.getWorkloads()).extracting(Workload::id).doesNotHaveDuplicates();
        assertThat(plan.getNodes()).extracting(Node::id).doesNotHaveDuplicates();
        assertThat(plan.getClusters()).extracting(Cluster::id).doesNotHaveDuplicates();
    }

    @Test
    void aSeedAlwaysGivesTheSameFleetAndAnotherSeedAnother() {
        for (FleetSize size : List.of(FleetSize.XS, FleetSize.S)) {
            String first = fingerprint(GENERATOR.generate(size, 7));
            String again = fingerprint(new FleetGenerator().generate(size, 7));
            String other = fingerprint(GENERATOR.generate(size, 8));

            assertThat(again).as(size + " with the same seed").isEqualTo(first);
            assertThat(other).as(size + " with another seed").isNotEqualTo(first);
        }
    }

    @Test
    void zonesCarryTheRealTracesOverTheHorizonAndOneSignalKind() {
        FleetPlan plan = GENERATOR.generate(FleetSize.S, 1);
        Map<String, Zone> zones = plan.getZones().stream().collect(Collectors.toMap(Zone::id, Function.identity()));

        assertThat(zones.keySet()).containsExactlyInAnyOrder("NO", "ES", "DE", "US-CAL-CISO", "BR");
        assertThat(plan.getZones()).allMatch(zone -> zone.signalKind() == SignalKind.AVERAGE && zone.slots() == 24);
        assertThat(plan.getHorizon().start()).isEqualTo(FleetGenerator.HORIZON_START);
        // em-ES-2022-hourly.csv, 2022-06-15 12:00: 226.02; em-NO-2022-hourly.csv same hour: 3.96.
        assertThat(zones.get("ES").intensity(12)).isEqualTo(226.02);
        assertThat(zones.get("NO").intensity(12)).isEqualTo(3.96);
        // Germany is read 52 weeks earlier: em-DE-2021H1-hourly.csv, 2021-06-16T00:00: 549.25.
        assertThat(zones.get("DE").intensity(0)).isEqualTo(549.25);
        // The contrasts the fleets are for: Norway flat and low, Germany high, Spain swinging with the sun.
        assertThat(zones.get("NO").meanIntensity()).isLessThan(20);
        assertThat(zones.get("DE").meanIntensity()).isGreaterThan(1.5 * zones.get("ES").meanIntensity());
        assertThat(zones.get("BR").meanIntensity()).isLessThan(zones.get("ES").meanIntensity());
    }

    @ParameterizedTest
    @EnumSource(value = FleetSize.class, names = {"XS", "S"})
    void eachFleetIsFeasibleResourceByResourceAndWorkloadByWorkload(FleetSize size) {
        for (long seed = 1; seed <= 3; seed++) {
            FleetPlan plan = GENERATOR.generate(size, seed);
            String fleet = size + " seed " + seed;

            Resources capacity = total(plan.getNodes().stream().map(Node::capacity).toList(), 1);
            Resources demand = total(plan.getWorkloads().stream().map(Workload::request).toList(),
                    plan.getWorkloads().stream().mapToInt(Workload::replicas).toArray());
            // About half full, all replicas counted as running at once (jobs included).
            assertThat((double) demand.cpuMillis() / capacity.cpuMillis()).as(fleet + " CPU utilisation").isBetween(0.4, 0.6);
            assertThat((double) demand.memoryMiB() / capacity.memoryMiB()).as(fleet + " memory utilisation").isBetween(0.4, 0.6);
            assertThat(demand.gpus()).as(fleet + " GPUs").isPositive().isLessThanOrEqualTo(capacity.gpus());
            assertThat(demand.dpus()).as(fleet + " DPUs").isLessThanOrEqualTo(capacity.dpus());
            assertThat(demand.ephemeralStorageMiB()).as(fleet + " scratch").isLessThan(capacity.ephemeralStorageMiB());

            Map<String, Workload> byId = plan.getWorkloads().stream().collect(Collectors.toMap(Workload::id, Function.identity()));
            for (Workload workload : plan.getWorkloads()) {
                String what = fleet + " workload " + workload.id();
                List<Node> eligible = eligibleNodes(plan, workload);
                Resources room = total(eligible.stream().map(Node::capacity).toList(), 1);
                Resources wants = total(List.of(workload.request()), workload.replicas());
                assertThat(room.cpuMillis()).as(what + " CPU on eligible nodes").isGreaterThanOrEqualTo(wants.cpuMillis());
                assertThat(room.memoryMiB()).as(what + " memory on eligible nodes").isGreaterThanOrEqualTo(wants.memoryMiB());
                assertThat(room.gpus()).as(what + " GPUs on eligible nodes").isGreaterThanOrEqualTo(wants.gpus());
                assertThat(room.dpus()).as(what + " DPUs on eligible nodes").isGreaterThanOrEqualTo(wants.dpus());
                if (workload.antiAffinity()) {
                    assertThat(eligible.size()).as(what + " nodes for anti-affine replicas").isGreaterThanOrEqualTo(workload.replicas());
                }
                workload.spread().ifPresent(spread -> assertThat(eligible.stream().map(node -> node.domain(spread.topologyKey())).distinct().count())
                        .as(what + " " + spread.topologyKey().id() + " domains").isGreaterThanOrEqualTo(Math.min(spread.minDomains(), workload.replicas())));
                for (String dependencyId : workload.colocateWith()) {
                    Workload dependency = byId.get(dependencyId);
                    assertThat(dependency.kind()).as(what + " depends on a service").isEqualTo(WorkloadKind.SERVICE);
                    assertThat(metros(eligible)).as(what + " shares a metro with " + dependencyId)
                            .containsAnyElementsOf(metros(eligibleNodes(plan, dependency)));
                }
                assertThat(workload.deadlineSlot()).as(what + " deadline").isLessThanOrEqualTo(plan.getHorizon().slots());
            }
            for (Node node : plan.getNodes()) {
                if (node.hasPowerBudget()) {
                    assertThat(node.powerBudgetWatts()).as(fleet + " " + node.id() + " budget above idle").isGreaterThan(node.power().idleWatts());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FleetSize.class, names = {"XS", "S"})
    void theWitnessPlacesEveryReplicaBreakingNoHardRule(FleetSize size) {
        SolutionManager<FleetPlan, HardMediumSoftScore> solutions = SolutionManager.create(SolverFactory.create(new SolverConfig()
                .withSolutionClass(FleetPlan.class)
                .withEntityClasses(Replica.class)
                .withConstraintProviderClass(PlacementConstraints.class)));
        for (long seed = 1; seed <= 2; seed++) {
            GeneratedFleet fleet = GENERATOR.generateWithWitness(size, seed);
            assertThat(fleet.witness()).extracting(GeneratedFleet.WitnessPlacement::replica)
                    .containsExactlyElementsOf(fleet.plan().getReplicas());

            fleet.applyWitness();
            HardMediumSoftScore score = solutions.update(fleet.plan());

            // Zero hard: no rule broken; zero medium: nothing left unplaced.
            assertThat(score.hardScore()).as(size + " seed " + seed + " " + score).isZero();
            assertThat(score.mediumScore()).as(size + " seed " + seed + " " + score).isZero();
        }
    }

    @Test
    void theFleetMixesEveryKindOfSiteNodeAndRule() {
        FleetPlan plan = GENERATOR.generate(FleetSize.S, 3);
        List<Node> nodes = plan.getNodes();
        List<Workload> workloads = plan.getWorkloads();

        assertThat(plan.getClusters()).extracting(Cluster::kind).contains(ClusterKind.CLOUD, ClusterKind.EDGE);
        assertThat(plan.getClusters()).extracting(Cluster::region).contains("eu-central-1", "eu-south-2", "us-west-1", "sa-east-1", "norwayeast");
        assertThat(plan.getClusters()).filteredOn(cluster -> cluster.zone().id().equals("NO"))
                .allMatch(cluster -> cluster.residency().equals(Set.of("NO", "EEA")));
        assertThat(plan.getClusters()).filteredOn(cluster -> cluster.zone().id().equals("ES"))
                .allMatch(cluster -> cluster.residency().equals(Set.of("ES", "EU", "EEA")));

        List<Node> gateways = nodes.stream().filter(node -> "gateway".equals(node.labels().get("heliostat.io/site-type"))).toList();
        assertThat(gateways).isNotEmpty().allSatisfy(gateway -> {
            assertThat(gateway.taints()).containsExactly(EDGE_TAINT);
            assertThat(gateway.capacity().cpuMillis()).isEqualTo(4000);
            assertThat(gateway.capacity().memoryMiB()).isIn(4096L, 8192L);
            assertThat(gateway.power().idleWatts()).isCloseTo(1.12, within(0.01));
            assertThat(gateway.power().maxWatts()).isCloseTo(2.97, within(0.01));
            assertThat(gateway.powerBudgetWatts()).isBetween(gateway.power().idleWatts(), gateway.power().maxWatts());
            assertThat(gateway.runtimes()).contains(SandboxRuntime.RUNC, SandboxRuntime.WASM);
        });
        List<Node> gpuNodes = nodes.stream().filter(node -> node.capacity().gpus() > 0).toList();
        assertThat(gpuNodes).isNotEmpty().allSatisfy(node -> {
            assertThat(node.labels()).containsEntry("accelerator", "gpu");
            assertThat(node.power().wattsPerGpu()).isBetween(250.0, 400.0);
        });
        assertThat(nodes).anyMatch(node -> node.capacity().dpus() >= 1);
        assertThat(nodes).allMatch(node -> node.runtimes().contains(SandboxRuntime.RUNC));
        Set<SandboxRuntime> runtimes = nodes.stream().flatMap(node -> node.runtimes().stream()).collect(Collectors.toSet());
        assertThat(runtimes).containsExactlyInAnyOrder(SandboxRuntime.values());
        // Servers draw what SPECpower measured: idle below full load, full load of a real server.
        assertThat(nodes).filteredOn(node -> !gateways.contains(node))
                .allMatch(node -> node.power().idleWatts() > 10 && node.power().maxWatts() > node.power().idleWatts());

        Set<Cluster> edgeClusters = plan.getClusters().stream().filter(c -> c.kind() == ClusterKind.EDGE).collect(Collectors.toSet());
        List<Workload> latencyBound = workloads.stream().filter(Workload::hasLatencySlo).toList();
        assertThat(latencyBound).as("SLOs some clusters miss").anyMatch(w -> plan.getClusters().stream().anyMatch(c -> w.rttMs(c) > w.latencySloMs()));
        assertThat(latencyBound).as("SLOs only edge sites meet").anyMatch(w -> plan.getClusters().stream()
                .filter(c -> w.rttMs(c) <= w.latencySloMs()).allMatch(edgeClusters::contains));
        List<Workload> jobs = workloads.stream().filter(w -> w.kind() == WorkloadKind.BATCH).toList();
        assertThat(jobs).isNotEmpty().allMatch(Workload::deferrable).allMatch(w -> w.durationSlots() >= 1 && w.durationSlots() <= 6);
        assertThat(workloads).anyMatch(w -> w.kind() == WorkloadKind.INFERENCE && w.request().gpus() > 0);
        assertThat(workloads).anyMatch(w -> w.sandbox().wasmModule());
        assertThat(workloads).anyMatch(w -> w.sandbox().minIsolation() == IsolationLevel.USER_SPACE_KERNEL && !w.sandbox().wasmModule());
        assertThat(workloads).anyMatch(w -> w.sandbox().minIsolation() == IsolationLevel.MICRO_VM);
        assertThat(workloads).anyMatch(w -> w.residency().equals(Set.of("EU")));
        assertThat(workloads).anyMatch(w -> w.spread().isPresent());
        assertThat(workloads).anyMatch(Workload::antiAffinity);
        assertThat(workloads).anyMatch(w -> !w.colocateWith().isEmpty());
        assertThat(workloads).anyMatch(w -> w.request().dpus() > 0);
        assertThat(workloads).filteredOn(w -> "gateway".equals(w.nodeSelector().get("heliostat.io/site-type")))
                .isNotEmpty()
                .allMatch(w -> w.tolerations().stream().anyMatch(toleration -> toleration.tolerates(EDGE_TAINT)));
        assertThat(workloads).allMatch(w -> w.replicas() >= 1 && w.replicas() <= 10);
    }

    // ************************************************************************
    // Helpers
    // ************************************************************************

    /**
     * The nodes a workload may use by the static hard rules, each able to take one replica: written here
     * from the domain's predicates, independently of the generator's own bookkeeping.
     */
    private static List<Node> eligibleNodes(FleetPlan plan, Workload workload) {
        List<Node> eligible = new ArrayList<>();
        Resources request = workload.request();
        for (Node node : plan.getNodes()) {
            Resources capacity = node.capacity();
            boolean fits = capacity.cpuMillis() >= request.cpuMillis() && capacity.memoryMiB() >= request.memoryMiB()
                    && capacity.gpus() >= request.gpus() && capacity.dpus() >= request.dpus()
                    && capacity.ephemeralStorageMiB() >= request.ephemeralStorageMiB();
            boolean powered = !node.hasPowerBudget() || node.power().idleWatts() + node.incrementalWatts(request) <= node.powerBudgetWatts();
            if (fits && powered
                    && node.unmatchedSelectorLabels(workload.nodeSelector()) == 0
                    && node.untoleratedTaints(workload.tolerations(), true) == 0
                    && node.offersSandbox(workload.sandbox())
                    && node.cluster().satisfiesResidency(workload.residency())
                    && (!workload.hasLatencySlo() || workload.rttMs(node.cluster()) <= workload.latencySloMs())) {
                eligible.add(node);
            }
        }
        return eligible;
    }

    private static Set<String> metros(List<Node> nodes) {
        return nodes.stream().map(node -> node.cluster().latencyDomain()).collect(Collectors.toSet());
    }

    private static Resources total(List<Resources> amounts, int... multipliers) {
        long cpu = 0, memory = 0, storage = 0;
        int gpus = 0, dpus = 0;
        for (int i = 0; i < amounts.size(); i++) {
            int times = multipliers.length == 1 ? multipliers[0] : multipliers[i];
            Resources amount = amounts.get(i);
            cpu += amount.cpuMillis() * times;
            memory += amount.memoryMiB() * times;
            gpus += amount.gpus() * times;
            dpus += amount.dpus() * times;
            storage += amount.ephemeralStorageMiB() * times;
        }
        return new Resources(cpu, memory, gpus, dpus, storage);
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    /** Everything a fleet is, written out with sets sorted, so that two fleets compare as text. */
    private static String fingerprint(FleetPlan plan) {
        StringBuilder text = new StringBuilder();
        text.append(plan.getHorizon()).append('\n');
        for (Zone zone : plan.getZones()) {
            text.append(zone.id()).append(' ').append(zone.signalKind()).append(' ').append(java.util.Arrays.toString(zone.intensities())).append('\n');
        }
        for (Cluster cluster : plan.getClusters()) {
            text.append(cluster.id()).append(' ').append(cluster.kind()).append(' ').append(cluster.provider()).append(' ')
                    .append(cluster.region()).append(' ').append(cluster.latencyDomain()).append(' ').append(cluster.zone().id())
                    .append(' ').append(new TreeSet<>(cluster.residency())).append(' ').append(cluster.location()).append('\n');
        }
        for (Node node : plan.getNodes()) {
            text.append(node.id()).append(' ').append(node.cluster().id()).append(' ').append(node.capacity()).append(' ')
                    .append(node.power()).append(' ').append(node.powerBudgetWatts()).append(' ').append(new TreeMap<>(node.labels()))
                    .append(' ').append(node.taints()).append(' ').append(new TreeSet<>(node.runtimes())).append('\n');
        }
        for (Workload w : plan.getWorkloads()) {
            text.append(w.id()).append(' ').append(w.tenant()).append(' ').append(w.kind()).append(' ').append(w.request()).append(' ')
                    .append(w.replicas()).append(' ').append(new TreeMap<>(w.nodeSelector())).append(' ').append(w.tolerations())
                    .append(' ').append(w.sandbox()).append(' ').append(new TreeSet<>(w.residency())).append(' ')
                    .append(w.userLocation().map(location -> location.id() + plan.getClusters().stream()
                            .map(c -> String.valueOf(location.rttMs(c))).collect(Collectors.joining(",", "[", "]"))).orElse("-"))
                    .append(' ').append(w.latencySloMs()).append(' ').append(w.spread()).append(' ').append(w.antiAffinity())
                    .append(' ').append(w.colocateWith()).append(' ').append(w.durationSlots()).append(' ').append(w.releaseSlot())
                    .append(' ').append(w.deadlineSlot()).append('\n');
        }
        Set<String> replicaIds = new HashSet<>();
        plan.getReplicas().forEach(replica -> replicaIds.add(replica.getId()));
        text.append(new TreeSet<>(replicaIds));
        return text.toString();
    }
}
