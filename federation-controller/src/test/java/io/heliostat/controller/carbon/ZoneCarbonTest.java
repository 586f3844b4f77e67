package io.heliostat.controller.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.heliostat.controller.carbon.ZoneCarbon.StaleFallback;

class ZoneCarbonTest {

    private static final Instant NOON = Instant.parse("2022-06-15T12:00:00Z");
    /** 300 g/kWh at 00:00 UTC, falling by 10 g each hour: 180 at noon, 160 at 14:00. */
    private static final List<Double> PROFILE = IntStream.range(0, 24).mapToObj(hour -> 300.0 - 10 * hour).toList();

    private static ZoneCarbon spain(boolean stale) {
        return new ZoneCarbon("ES", "AVERAGE", 150, NOON, NOON.plusSeconds(3600), "actual", "electricitymaps:lifecycle", NOON, stale,
                NOON, "electricitymaps:lifecycle", List.of(new ZoneCarbon.Interval(NOON.plusSeconds(3600), NOON.plusSeconds(7200), 120),
                new ZoneCarbon.Interval(NOON.plusSeconds(7200), NOON.plusSeconds(10800), 400)), PROFILE);
    }

    @Test
    void aFreshZoneIsReadFromTheIntervalCoveringEachInstantAndTheLastOnePastItsEnd() {
        ZoneCarbon fresh = spain(false);

        assertThat(fresh.assumedAt(NOON.minusSeconds(60), StaleFallback.WORST_CASE)).isEqualTo(150);
        assertThat(fresh.assumedAt(NOON.plusSeconds(1800), StaleFallback.WORST_CASE)).isEqualTo(150);
        assertThat(fresh.assumedAt(NOON.plusSeconds(3600), StaleFallback.WORST_CASE)).isEqualTo(120);
        assertThat(fresh.assumedAt(NOON.plusSeconds(7200), StaleFallback.WORST_CASE)).isEqualTo(400);
        assertThat(fresh.assumedAt(NOON.plusSeconds(86_400), StaleFallback.WORST_CASE)).isEqualTo(400);
    }

    @Test
    void aStaleZoneIsAssumedAsTheDefaultPolicySays() {
        ZoneCarbon stale = spain(true);
        Instant twoPm = NOON.plusSeconds(7200);

        assertThat(stale.assumedAt(twoPm, StaleFallback.LAST_KNOWN)).isEqualTo(400);
        // Seasonal: the profile's 14:00 value, 300 - 10 x 14.
        assertThat(stale.assumedAt(twoPm, StaleFallback.SEASONAL)).isEqualTo(160);
        // Worst case: the highest of 150, 120, 400 and the profile (at most 300).
        assertThat(stale.assumedAt(NOON, StaleFallback.WORST_CASE)).isEqualTo(400);
    }

    @Test
    void withoutADailyProfileASeasonalPolicyKeepsTheLastKnownValue() {
        ZoneCarbon stale = new ZoneCarbon("ES", "AVERAGE", 150, NOON, NOON.plusSeconds(3600), "actual", "electricitymaps:lifecycle",
                NOON, true, null, null, List.of(), List.of());

        assertThat(stale.assumedAt(NOON.plusSeconds(7200), StaleFallback.SEASONAL)).isEqualTo(150);
    }

    @Test
    void aPolicysStaleSignalNamesItsFallback() {
        assertThat(StaleFallback.of("last-known")).isEqualTo(StaleFallback.LAST_KNOWN);
        assertThat(StaleFallback.of("seasonal")).isEqualTo(StaleFallback.SEASONAL);
        assertThat(StaleFallback.of("worst-case")).isEqualTo(StaleFallback.WORST_CASE);
    }
}
