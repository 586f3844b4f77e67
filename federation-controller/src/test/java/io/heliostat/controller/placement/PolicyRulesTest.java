package io.heliostat.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;
import io.heliostat.api.placement.SpreadSpec;
import io.heliostat.api.placement.TolerationSpec;
import io.heliostat.api.policy.HardRules;
import io.heliostat.api.policy.ObjectiveWeights;
import io.heliostat.api.policy.PlacementPolicySpec;
import io.heliostat.solver.domain.Cluster;
import io.heliostat.solver.domain.ClusterKind;
import io.heliostat.solver.domain.IsolationLevel;
import io.heliostat.solver.domain.Location;
import io.heliostat.solver.domain.Resources;
import io.heliostat.solver.domain.SandboxRequirement;
import io.heliostat.solver.domain.SandboxRuntime;
import io.heliostat.solver.domain.SignalKind;
import io.heliostat.solver.domain.Spread;
import io.heliostat.solver.domain.TopologyKey;
import io.heliostat.solver.domain.Workload;
import io.heliostat.solver.domain.WorkloadKind;
import io.heliostat.solver.domain.Zone;

class PolicyRulesTest {

    private static final Zone ZONE = new Zone("Z", SignalKind.AVERAGE, new double[] {100}, 1.0);
    private static final List<Cluster> CLUSTERS = List.of(
            cluster("madrid", 0, "ES", "EU"),
            cluster("frankfurt", 1, "DE", "EU"),
            cluster("zurich", 2, "CH"),
            cluster("virginia", 3, "US"),
            // Two tags that overlap without nesting: a Nordic cluster in the EU, and one outside it.
            cluster("stockholm", 4, "SE", "EU", "NORDIC"),
            cluster("oslo", 5, "NO", "NORDIC"));

    private static Cluster cluster(String id, int index, String... residency) {
        return new Cluster(id, ClusterKind.CLOUD, "aws", id, id, ZONE, Set.of(residency), new Location(0, 0), index);
    }

    private static Workload workload(Set<String> residency, SandboxRequirement sandbox, Optional<Spread> spread) {
        return new Workload("web", "shop", WorkloadKind.SERVICE, new Resources(500, 512, 0, 0, 0), 3, Map.of(), List.of(), sandbox,
                residency, Optional.empty(), 0, spread, false, List.of(), 1, 0, 1);
    }

    private static Workload workload(Set<String> residency) {
        return workload(residency, SandboxRequirement.ANY_CONTAINER, Optional.empty());
    }

    private static PlacementPolicySpec policy(HardRules rules) {
        return new PlacementPolicySpec(null, null, rules, null, null, null, null, null, null);
    }

    private static HardRules residency(String... tags) {
        return new HardRules(List.of(tags), null, null, null);
    }

    private static WorkloadTranslation.Result apply(Workload workload, PlacementPolicySpec policy) {
        return PolicyRules.apply(workload, new PlacementPolicies.Named("strict", policy), CLUSTERS);
    }

    @Nested
    class Residency {

        @Test
        void aWorkloadThatAsksForNoneTakesThePolicys() {
            assertThat(apply(workload(Set.of()), policy(residency("EU"))).workload().orElseThrow().residency()).containsExactly("EU");
        }

        @Test
        void theNarrowerOfNestedJurisdictionsHolds() {
            // ES lies within EU: the workload's ES is the stricter, whichever side states it.
            assertThat(apply(workload(Set.of("ES")), policy(residency("EU"))).workload().orElseThrow().residency()).containsExactly("ES");
            assertThat(apply(workload(Set.of("EU")), policy(residency("ES", "CH"))).workload().orElseThrow().residency())
                    .containsExactly("ES");
        }

        @Test
        void jurisdictionsWithNoClusterInCommonAreRefusedNamingTheField() {
            WorkloadTranslation.Result result = apply(workload(Set.of("US")), policy(residency("EU")));

            assertThat(result.workload()).isEmpty();
            assertThat(result.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("residency");
                assertThat(error.message()).contains("policy 'strict'", "[EU]", "[US]");
            });
        }

        @Test
        void jurisdictionsThatOverlapWithoutNestingAreRefusedRatherThanWidened() {
            // EU ∩ NORDIC is Stockholm only; neither EU (Madrid too) nor NORDIC (Oslo too) says so, SE does.
            WorkloadTranslation.Result result = apply(workload(Set.of("NORDIC")), policy(residency("EU")));

            assertThat(result.workload()).isEmpty();
            assertThat(result.errors()).extracting(FieldError::field).containsExactly("residency");
            assertThat(result.errors().getFirst().message()).contains("SE");
            assertThat(apply(workload(Set.of("SE")), policy(residency("EU"))).workload().orElseThrow().residency()).containsExactly("SE");
        }
    }

    @Nested
    class Sandbox {

        private static PlacementPolicySpec allowing(String minIsolation, String... runtimes) {
            return policy(new HardRules(null, List.of(runtimes), minIsolation, null));
        }

        @Test
        void theAllowedRuntimesNarrowAWorkloadThatNamesNone() {
            SandboxRequirement sandbox = apply(workload(Set.of()), allowing(null, "kata", "firecracker")).workload().orElseThrow().sandbox();

            assertThat(sandbox.allowed()).containsExactlyInAnyOrder(SandboxRuntime.KATA, SandboxRuntime.FIRECRACKER);
            assertThat(sandbox.acceptedBy(SandboxRuntime.RUNC)).isFalse();
            assertThat(sandbox.acceptedBy(SandboxRuntime.KATA)).isTrue();
        }

        @Test
        void theStrongerMinimumIsolationHolds() {
            Workload microVm = workload(Set.of(), new SandboxRequirement(false, IsolationLevel.MICRO_VM, Optional.empty()), Optional.empty());

            assertThat(apply(microVm, allowing("user-space-kernel")).workload().orElseThrow().sandbox().minIsolation())
                    .isEqualTo(IsolationLevel.MICRO_VM);
            assertThat(apply(workload(Set.of()), allowing("user-space-kernel")).workload().orElseThrow().sandbox().minIsolation())
                    .isEqualTo(IsolationLevel.USER_SPACE_KERNEL);
        }

        @Test
        void aNamedRuntimeThePolicyDoesNotAllowIsRefused() {
            Workload onRunc = workload(Set.of(), new SandboxRequirement(false, IsolationLevel.CONTAINER, Optional.of(SandboxRuntime.RUNC)),
                    Optional.empty());

            assertThat(apply(onRunc, allowing(null, "kata")).errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("sandbox.runtime");
                assertThat(error.message()).contains("[kata]", "'runc'");
            });
            assertThat(apply(onRunc, allowing("micro-vm")).errors()).extracting(FieldError::field).containsExactly("sandbox.runtime");
        }

        @Test
        void aWasmModuleUnderAPolicyWithoutWasmIsRefused() {
            Workload module = workload(Set.of(), new SandboxRequirement(true, IsolationLevel.CONTAINER, Optional.empty()), Optional.empty());

            assertThat(apply(module, allowing(null, "runc", "kata")).errors()).extracting(FieldError::field)
                    .containsExactly("sandbox.wasmModule");
            assertThat(apply(module, allowing(null, "wasm")).workload()).isPresent();
        }
    }

    @Nested
    class SpreadRule {

        private static PlacementPolicySpec spreading(String key, int minDomains) {
            return policy(new HardRules(null, null, null, new SpreadSpec(key, minDomains)));
        }

        private static Workload spread(TopologyKey key, int minDomains) {
            return workload(Set.of(), SandboxRequirement.ANY_CONTAINER, Optional.of(new Spread(key, minDomains)));
        }

        @Test
        void theStricterSpreadHolds() {
            assertThat(apply(workload(Set.of()), spreading("cluster", 2)).workload().orElseThrow().spread())
                    .contains(new Spread(TopologyKey.CLUSTER, 2));
            // Three regions are three clusters too.
            assertThat(apply(spread(TopologyKey.REGION, 3), spreading("cluster", 2)).workload().orElseThrow().spread())
                    .contains(new Spread(TopologyKey.REGION, 3));
            assertThat(apply(spread(TopologyKey.NODE, 2), spreading("cluster", 2)).workload().orElseThrow().spread())
                    .contains(new Spread(TopologyKey.CLUSTER, 2));
        }

        @Test
        void spreadsNeitherOfWhichImpliesTheOtherAreRefused() {
            // Three nodes may sit in one cluster; two clusters may hold only two nodes.
            WorkloadTranslation.Result result = apply(spread(TopologyKey.NODE, 3), spreading("cluster", 2));

            assertThat(result.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo("spread");
                assertThat(error.message()).contains("3 nodes", "2 clusters");
            });
        }
    }

    @Test
    void aPolicyThatMinimisesAnotherKindOfSignalThanTheFleetsIsRefused() {
        PlacementPolicySpec marginal = new PlacementPolicySpec(null, "marginal", null, null, null, null, null, null, null);

        assertThat(apply(workload(Set.of()), marginal).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("policy");
            assertThat(error.message()).contains("'strict'", "marginal", "[Z]");
        });
    }

    @Test
    void aNamedPolicyPricesItsWorkloadsReplicasAndTheDefaultLeavesThemToThePlan() {
        PlacementPolicySpec latencyFirst = new PlacementPolicySpec(
                new ObjectiveWeights(null, null, 5.0, 200.0, null, null, null, null, null), null, null, null, null, null, null, null, null);

        Workload priced = apply(workload(Set.of()), latencyFirst).workload().orElseThrow();
        assertThat(priced.policy()).hasValueSatisfying(weights -> {
            assertThat(weights.latencyGramsPerMs()).isEqualTo(5.0);
            assertThat(weights.migrationGramsPerMove()).isEqualTo(200.0);
        });
        Workload underDefault = PolicyRules.apply(workload(Set.of()), new PlacementPolicies.Named(PlacementPolicies.DEFAULT, latencyFirst),
                CLUSTERS).workload().orElseThrow();
        assertThat(underDefault.policy()).isEmpty();
    }

    @Test
    void thePolicysTolerationsJoinTheWorkloads() {
        PlacementPolicySpec tolerant = new PlacementPolicySpec(null, null, null, null, null, null, null, null,
                List.of(new TolerationSpec("heliostat.io/edge", "Exists", null, "NoSchedule")));

        assertThat(apply(workload(Set.of()), tolerant).workload().orElseThrow().tolerations())
                .singleElement().satisfies(toleration -> assertThat(toleration.key()).isEqualTo("heliostat.io/edge"));
    }

    @Test
    void thePolicysClusterSelectorJoinsTheWorkloadsNodeSelectorAndAClashIsRefusedNamingTheLabel() {
        PlacementPolicySpec production = new PlacementPolicySpec(null, null, null, null, null, null, null, Map.of("tier", "production"), null);
        Workload own = new Workload("web", "shop", WorkloadKind.SERVICE, new Resources(500, 512, 0, 0, 0), 3, Map.of("disk", "ssd"),
                List.of(), SandboxRequirement.ANY_CONTAINER, Set.of(), Optional.empty(), 0, Optional.empty(), false, List.of(), 1, 0, 1);
        Workload clashing = new Workload("web", "shop", WorkloadKind.SERVICE, new Resources(500, 512, 0, 0, 0), 3, Map.of("tier", "staging"),
                List.of(), SandboxRequirement.ANY_CONTAINER, Set.of(), Optional.empty(), 0, Optional.empty(), false, List.of(), 1, 0, 1);

        assertThat(apply(own, production).workload().orElseThrow().nodeSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("disk", "ssd", "tier", "production"));
        assertThat(apply(clashing, production).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("nodeSelector.tier");
            assertThat(error.message()).isEqualTo("must be 'production' under policy 'strict', whose clusterSelector requires it, was 'staging'");
        });
    }
}
