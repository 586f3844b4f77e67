package io.heliostat.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Resources;

class PolicyLedgerTest {

    /** 100 cores and 400 GiB. */
    private static final Resources FLEET = new Resources(100_000, 409_600, 0, 0, 0);
    /** analytics may have 75 cores and 300 GiB, ml 25 cores and 100 GiB. */
    private static final Map<String, Double> SHARES = Map.of("analytics", 0.75, "ml", 0.25);

    private final PolicyLedger shares = new PolicyLedger();

    private static Resources cores(long cores) {
        return new Resources(cores * 1000, cores * 1024, 0, 0, 0);
    }

    @Test
    void aTenantGetsUpToItsShareOfTheFleetWhateverTheOthersUse() {
        shares.count("etl", "shared", "analytics", cores(70), 1);

        assertThat(shares.tenantRefusal("shared", "ml", 25_000, 25 * 1024, SHARES, FLEET)).isEmpty();
        assertThat(shares.tenantRefusal("shared", "analytics", 5_000, 5 * 1024, SHARES, FLEET)).isEmpty();
        // 70 + 6 cores is past analytics' 75, though ml has used none of its room.
        assertThat(shares.tenantRefusal("shared", "analytics", 6_000, 6 * 1024, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("tenant 'analytics'", "76000 millicores of CPU", "75%", "100000", "(75000)"));
    }

    @Test
    void replicasCountByHowManyArePlacedAndForgettingAWorkloadGivesItsRoomBack() {
        // 3 replicas of 10 cores asked, 2 placed: 20 cores counted.
        shares.count("training", "shared", "ml", cores(10), 2);
        assertThat(shares.tenantRefusal("shared", "ml", 5_000, 0, SHARES, FLEET)).isEmpty();
        assertThat(shares.tenantRefusal("shared", "ml", 6_000, 0, SHARES, FLEET)).isPresent();

        // Counting again replaces: all 3 placed now.
        shares.count("training", "shared", "ml", cores(10), 3);
        assertThat(shares.tenantRefusal("shared", "ml", 0, 0, SHARES, FLEET)).isPresent();
        shares.forget("training");
        assertThat(shares.tenantRefusal("shared", "ml", 25_000, 0, SHARES, FLEET)).isEmpty();
    }

    @Test
    void memoryCountsAsMuchAsCpu() {
        // Within its 25 cores, past its 100 GiB.
        assertThat(shares.tenantRefusal("shared", "ml", 5_000, 101 * 1024, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("MiB of memory"));
    }

    @Test
    void aTenantTheSharesDoNotNameHasNoRoomUnderThePolicy() {
        assertThat(shares.tenantRefusal("shared", "guest", 1, 1, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("[analytics, ml]", "tenant 'guest' no share"));
        assertThat(shares.tenantRefusal("shared", "", 1, 1, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("workloads without a tenant"));
    }

    @Test
    void thePoliciesInUseAreThoseWithAWorkloadCounted() {
        shares.count("etl", "green-batch", "analytics", cores(1), 1);
        shares.count("web", "default", "shop", cores(1), 1);
        shares.count("api", "default", "shop", cores(1), 1);
        assertThat(shares.policiesInUse()).containsExactlyInAnyOrder("green-batch", "default");

        shares.forget("etl");
        shares.forget("web");
        assertThat(shares.policiesInUse()).containsExactly("default");
        // Counting again under another policy moves the workload there.
        shares.count("api", "latency-first", "shop", cores(1), 1);
        assertThat(shares.policiesInUse()).containsExactly("latency-first");
    }

    @Test
    void whatATenantPlacedUnderAnotherPolicyDoesNotCount() {
        shares.count("web", "default", "ml", cores(90), 1);

        assertThat(shares.tenantRefusal("shared", "ml", 25_000, 0, SHARES, FLEET)).isEmpty();
        assertThat(shares.tenantRefusal("shared", "ml", 26_000, 0, SHARES, FLEET)).isPresent();
    }

    @Test
    void withoutSharesThereIsNoRule() {
        shares.count("etl", "shared", "analytics", cores(100), 1);

        assertThat(shares.tenantRefusal("shared", "ml", 50_000, 0, Map.of(), FLEET)).isEmpty();
        assertThat(shares.tenantRefusal("shared", "guest", 50_000, 0, Map.of(), FLEET)).isEmpty();
    }
}
