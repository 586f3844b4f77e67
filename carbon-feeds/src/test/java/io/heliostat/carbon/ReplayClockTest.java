package io.heliostat.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReplayClockTest {

    private static final Instant WALL_ORIGIN = Instant.parse("2030-01-01T08:00:00Z");
    private static final Instant REPLAY_ORIGIN = Instant.parse("2022-06-15T00:00:00Z");

    @Test
    void atRealTimeTheReplayMovesWithTheWallClock() {
        ReplayClock clock = new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, 1);

        assertThat(clock.replayInstantAt(WALL_ORIGIN)).isEqualTo(REPLAY_ORIGIN);
        // 1 h 30 min 250 ms of wall time is as much replay time.
        assertThat(clock.replayInstantAt(WALL_ORIGIN.plus(Duration.parse("PT1H30M0.25S"))))
                .isEqualTo(Instant.parse("2022-06-15T01:30:00.250Z"));
    }

    @Test
    void atSixtyTimesAWallMinutePlaysATraceHour() {
        ReplayClock clock = new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, 60);

        assertThat(clock.replayInstantAt(WALL_ORIGIN.plusSeconds(60))).isEqualTo(Instant.parse("2022-06-15T01:00:00Z"));
        // 90 s x 60 = 5400 s = 1 h 30 min.
        assertThat(clock.replayInstantAt(WALL_ORIGIN.plusSeconds(90))).isEqualTo(Instant.parse("2022-06-15T01:30:00Z"));
    }

    @Test
    void aFractionalSpeedSlowsTheReplay() {
        ReplayClock clock = new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, 0.5);

        assertThat(clock.replayInstantAt(WALL_ORIGIN.plusSeconds(7))).isEqualTo(Instant.parse("2022-06-15T00:00:03.500Z"));
    }

    @Test
    void theFastestSpeedRunsAYearOfWallTimeWithoutOverflow() {
        ReplayClock clock = new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, ReplaySettings.MAX_SPEED);

        // One wall day at 100000x is 100000 replay days.
        assertThat(clock.replayInstantAt(WALL_ORIGIN.plus(Duration.ofDays(1)))).isEqualTo(REPLAY_ORIGIN.plus(Duration.ofDays(100_000)));
        assertThat(clock.replayInstantAt(WALL_ORIGIN.plus(Duration.ofDays(365)))).isAfter(REPLAY_ORIGIN);
    }

    @Test
    void aWallClockSetBackMovesTheReplayBackByTheSameScale() {
        ReplayClock clock = new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, 60);

        assertThat(clock.replayInstantAt(WALL_ORIGIN.minusSeconds(1))).isEqualTo(Instant.parse("2022-06-14T23:59:00Z"));
    }

    @Test
    void aSpeedThatIsNotPositiveAndFiniteIsRejected() {
        assertThatThrownBy(() -> new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, 0)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, -1)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, Double.NaN)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new ReplayClock(WALL_ORIGIN, REPLAY_ORIGIN, Double.POSITIVE_INFINITY)).hasMessageContaining("speed");
    }
}
