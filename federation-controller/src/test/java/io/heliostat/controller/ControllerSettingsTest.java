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
}
