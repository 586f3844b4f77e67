package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;
import io.heliostat.api.node.PowerReading;

class PowerCollectorTest {

    private static final PowerProfile PI = new PowerProfile(1.1, 2.9, 0);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void rapl_counters_give_the_draw_between_samples_across_a_wrap_and_without_subzones(@TempDir Path temp) {
        Path server = Fixtures.copy("server", temp);
        Absences absences = new Absences();
        PowerCollector power = new PowerCollector(server.resolve("sys"), new PowerProfile(100, 400, 0), absences);

        PowerReading first = power.sample(0.25, 5 * SECOND);
        assertThat(first.measured()).isFalse();
        assertThat(first.drawWatts()).isEqualTo(175.0);

        // package 0 wraps: 262143328850 - 262143000000 + 1000000 = 1328850 µJ; package 1: 6000000 - 1000000 = 5000000 µJ;
        // the dram subzone of package 0 is part of it and not added. 6328850 µJ in one second is 6.32885 W.
        Path powercap = server.resolve("sys/class/powercap");
        Fixtures.write(powercap.resolve("intel-rapl:0/energy_uj"), "1000000\n");
        Fixtures.write(powercap.resolve("intel-rapl:1/energy_uj"), "6000000\n");
        Fixtures.write(powercap.resolve("intel-rapl:0:0/energy_uj"), "999999999\n");
        PowerReading second = power.sample(0.25, 6 * SECOND);

        assertThat(second.measured()).isTrue();
        assertThat(second.drawWatts()).isCloseTo(6.32885, within(1e-9));
        assertThat(absences.isAbsent(PowerCollector.MEASURED)).isFalse();
    }

    @Test
    void without_rapl_the_draw_is_modelled_and_a_discharging_battery_sets_the_budget() {
        Absences absences = new Absences();
        PowerReading reading = new PowerCollector(Fixtures.tree("gateway").resolve("sys"), PI, absences).sample(0.5, SECOND);

        // 1.1 + (2.9 - 1.1) * 0.5 = 2.0 W; at 60 % charge the budget is 1.1 + 1.8 * 0.6 = 2.18 W
        assertThat(reading.measured()).isFalse();
        assertThat(reading.drawWatts()).isCloseTo(2.0, within(1e-9));
        assertThat(reading.budgetWatts()).isCloseTo(2.18, within(1e-9));
        assertThat(absences.isAbsent(PowerCollector.MEASURED)).isTrue();
    }

    @Test
    void a_charging_battery_lets_the_node_draw_its_charging_power_on_top(@TempDir Path temp) {
        Path gateway = Fixtures.copy("gateway", temp);
        Fixtures.write(gateway.resolve("sys/class/power_supply/BAT0/status"), "Charging\n");

        PowerReading reading = new PowerCollector(gateway.resolve("sys"), PI, new Absences()).sample(0, SECOND);

        // draw 1.1 W (idle) + 0.8 A * 5 V = 5.1 W
        assertThat(reading.budgetWatts()).isCloseTo(5.1, within(1e-9));
    }

    @Test
    void a_configured_budget_wins_over_the_battery() {
        PowerReading reading = new PowerCollector(Fixtures.tree("gateway").resolve("sys"), new PowerProfile(1.1, 2.9, 15), new Absences())
                .sample(0, SECOND);

        assertThat(reading.budgetWatts()).isEqualTo(15.0);
    }

    @Test
    void unreadable_counters_and_a_battery_beyond_100_percent_fall_back_to_the_model_and_no_budget() {
        Absences absences = new Absences();
        PowerReading reading = new PowerCollector(Fixtures.tree("malformed").resolve("sys"), PI, absences).sample(1, SECOND);

        assertThat(reading.measured()).isFalse();
        assertThat(reading.drawWatts()).isEqualTo(2.9);
        assertThat(reading.budgetWatts()).isZero();
        assertThat(absences.isAbsent(PowerCollector.MEASURED)).isTrue();
        assertThat(absences.isAbsent(PowerCollector.BATTERY)).isTrue();
        assertThat(reading.validate()).isEmpty();
    }
}
