package io.heliostat.controller.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import io.heliostat.api.federation.FederatedWorkloadSpec.ClusterWeight;

class FederatedWorkloadsTest {

    @Test
    void weighted_shares_give_each_cluster_its_whole_part_and_the_largest_remainders_the_rest() {
        // 10 replicas at weights 2:1:1 are 5, 2.5, 2.5: the first remainder in order takes the odd replica.
        assertThat(FederatedWorkloads.weighted(List.of(new ClusterWeight("a", 2), new ClusterWeight("b", 1), new ClusterWeight("c", 1)), 10))
                .containsExactly(java.util.Map.entry("a", 5), java.util.Map.entry("b", 3), java.util.Map.entry("c", 2));
        // 2 replicas over three equal weights: two clusters take one, the third none.
        assertThat(FederatedWorkloads.weighted(List.of(new ClusterWeight("a", 1), new ClusterWeight("b", 1), new ClusterWeight("c", 1)), 2)
                .values()).containsExactly(1, 1, 0);
    }

    @Test
    void a_workload_id_names_its_federated_workload_whatever_the_dots_in_its_names() {
        assertThat(FederatedWorkloads.owner("shop_web.v2")).contains("shop/web.v2");
        assertThat(FederatedWorkloads.owner("shop_web.v2_eu-west.1")).contains("shop/web.v2");
        assertThat(FederatedWorkloads.owner("checkout")).isEmpty();
    }

    @Test
    void a_condition_keeps_its_transition_time_while_its_status_holds() {
        Instant first = Instant.parse("2026-11-22T10:00:00Z");
        Instant later = Instant.parse("2026-11-22T10:05:00Z");
        List<Condition> placed = StatusConditions.set(List.of(), "Placed", true, "Applied", "2 replicas in [north]", 1, first);

        List<Condition> same = StatusConditions.set(placed, "Placed", true, "Applied", "2 replicas in [south]", 1, later);
        List<Condition> flipped = StatusConditions.set(same, "Placed", false, "WaitingForRoom", "2 of 2 replicas wait", 2, later);

        assertThat(same).singleElement().satisfies(condition -> {
            assertThat(condition.getLastTransitionTime()).isEqualTo(first.toString());
            assertThat(condition.getMessage()).isEqualTo("2 replicas in [south]");
        });
        assertThat(flipped).singleElement().satisfies(condition -> {
            assertThat(condition.getLastTransitionTime()).isEqualTo(later.toString());
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getObservedGeneration()).isEqualTo(2);
        });
    }
}
