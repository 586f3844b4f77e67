package io.heliostat.controller.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heliostat.solver.domain.Resources;

class TenantSharesTest {

    /** 100 cores and 400 GiB. */
    private static final Resources FLEET = new Resources(100_000, 409_600, 0, 0, 0);
    /** analytics may have 75 cores and 300 GiB, ml 25 cores and 100 GiB. */
    private static final Map<String, Double> SHARES = Map.of("analytics", 0.75, "ml", 0.25);

    private final TenantShares shares = new TenantShares();

    private static Resources cores(long cores) {
        return new Resources(cores * 1000, cores * 1024, 0, 0, 0);
    }

    @Test
    void aTenantGetsUpToItsShareOfTheFleetWhateverTheOthersUse() {
        shares.count("etl", "analytics", cores(70), 1);

        assertThat(shares.refusal("ml", 25_000, 25 * 1024, SHARES, FLEET)).isEmpty();
        assertThat(shares.refusal("analytics", 5_000, 5 * 1024, SHARES, FLEET)).isEmpty();
        // 70 + 6 cores is past analytics' 75, though ml has used none of its room.
        assertThat(shares.refusal("analytics", 6_000, 6 * 1024, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("tenant 'analytics'", "76000 millicores of CPU", "75%", "100000", "(75000)"));
    }

    @Test
    void replicasCountByHowManyArePlacedAndForgettingAWorkloadGivesItsRoomBack() {
        // 3 replicas of 10 cores asked, 2 placed: 20 cores counted.
        shares.count("training", "ml", cores(10), 2);
        assertThat(shares.refusal("ml", 5_000, 0, SHARES, FLEET)).isEmpty();
        assertThat(shares.refusal("ml", 6_000, 0, SHARES, FLEET)).isPresent();

        // Counting again replaces: all 3 placed now.
        shares.count("training", "ml", cores(10), 3);
        assertThat(shares.refusal("ml", 0, 0, SHARES, FLEET)).isPresent();
        shares.forget("training");
        assertThat(shares.refusal("ml", 25_000, 0, SHARES, FLEET)).isEmpty();
    }

    @Test
    void memoryCountsAsMuchAsCpu() {
        // Within its 25 cores, past its 100 GiB.
        assertThat(shares.refusal("ml", 5_000, 101 * 1024, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("MiB of memory"));
    }

    @Test
    void aTenantTheSharesDoNotNameHasNoRoomUnderThePolicy() {
        assertThat(shares.refusal("guest", 1, 1, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("[analytics, ml]", "tenant 'guest' no share"));
        assertThat(shares.refusal("", 1, 1, SHARES, FLEET)).hasValueSatisfying(reason ->
                assertThat(reason).contains("workloads without a tenant"));
    }

    @Test
    void withoutSharesThereIsNoRule() {
        shares.count("etl", "analytics", cores(100), 1);

        assertThat(shares.refusal("ml", 50_000, 0, Map.of(), FLEET)).isEmpty();
        assertThat(shares.refusal("guest", 50_000, 0, Map.of(), FLEET)).isEmpty();
    }
}
