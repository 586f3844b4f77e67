package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The controller's settings: defaults, and a bad value refused at start naming its key and what is allowed. */
class ControllerSettingsTest {

    private static ControllerSettings with(Map<String, String> properties) {
        return ControllerSettings.from(properties::get);
    }

    @Test
    void the_defaults_expect_the_agents_ten_second_beat_and_bound_each_nodes_commands() {
        ControllerSettings settings = ControllerSettings.ofDefaults();

        assertThat(settings.reportInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.commands().maxPending()).isEqualTo(64);
        assertThat(settings.commands().retained()).isEqualTo(100);
    }

    @Test
    void a_report_interval_as_long_as_suspect_after_is_refused_naming_both_keys() {
        assertThatThrownBy(() -> with(Map.of("heliostat.nodes.report-interval", "PT20S")))
                .hasMessageContaining("heliostat.nodes.report-interval").hasMessageContaining("heliostat.nodes.suspect-after")
                .hasMessageContaining("PT20S");
        assertThatThrownBy(() -> with(Map.of("heliostat.nodes.report-interval", "10s")))
                .hasMessage("heliostat.nodes.report-interval must be an ISO-8601 duration such as PT10S or PT5M, was '10s'");
    }

    @Test
    void command_bounds_out_of_range_are_refused_naming_the_key_and_the_range() {
        assertThatThrownBy(() -> with(Map.of("heliostat.nodes.commands.max-pending", "0")))
                .hasMessage("heliostat.nodes.commands.max-pending must be 1-10000, was 0");
        assertThatThrownBy(() -> with(Map.of("heliostat.nodes.commands.retained", "many")))
                .hasMessage("heliostat.nodes.commands.retained must be a whole number, was 'many'");
        assertThat(with(Map.of("heliostat.nodes.commands.retained", "1")).commands().retained()).isEqualTo(1);
    }

    @Test
    void edge_actuation_retries_double_from_the_back_off_up_to_its_cap_and_bad_values_are_refused_naming_the_key() {
        ControllerSettings.EdgeActuation defaults = ControllerSettings.ofDefaults().edgeActuation();

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(2));
        // 10 s, 20 s, 40 s, 80 s, 160 s, then the 5-minute cap.
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(defaults::backoffAfter).map(Duration::toSeconds).toList())
                .containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);
        assertThatThrownBy(() -> with(Map.of("heliostat.actuation.edge.interval", "PT0S")))
                .hasMessage("heliostat.actuation.edge.interval must be between PT0.1S and PT10M, was PT0S");
        assertThatThrownBy(() -> with(Map.of("heliostat.actuation.edge.retry-backoff", "PT1M",
                "heliostat.actuation.edge.retry-backoff-max", "PT30S")))
                .hasMessageStartingWith("heliostat.actuation.edge.retry-backoff-max must be at least heliostat.actuation.edge.retry-backoff");
        assertThatThrownBy(() -> with(Map.of("heliostat.actuation.edge.enabled", "yes")))
                .hasMessage("heliostat.actuation.edge.enabled must be true or false, was 'yes'");
    }
}
