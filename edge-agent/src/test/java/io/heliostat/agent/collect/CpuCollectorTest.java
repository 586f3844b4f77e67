package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;

class CpuCollectorTest {

    @Test
    void the_first_sample_gives_utilisation_since_boot_and_the_next_one_since_the_first(@TempDir Path temp) throws Exception {
        Path gateway = Fixtures.copy("gateway", temp);
        CpuCollector cpu = new CpuCollector(gateway.resolve("proc"), gateway.resolve("sys"));

        // busy = user 1000 + system 500 = 1500 of 10000 jiffies (idle 8000 and iowait 500 are not busy)
        CpuCollector.CpuSample first = cpu.sample();
        assertThat(first.onlineCpus()).isEqualTo(4);
        assertThat(first.utilisation()).isCloseTo(0.15, within(1e-9));

        // +300 user, +100 system, +350 idle, +50 iowait: 400 busy of 800
        Fixtures.write(gateway.resolve("proc/stat"), "cpu  1300 0 600 8350 550 0 0 0 0 0\ncpu0 1 0 1 1 1 0 0 0 0 0\n");
        assertThat(cpu.sample().utilisation()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void online_cpus_come_from_the_sysfs_ranges() throws Exception {
        Path server = Fixtures.tree("server");

        // 0-31,48-63: 32 + 16
        assertThat(new CpuCollector(server.resolve("proc"), server.resolve("sys")).sample().onlineCpus()).isEqualTo(48);
    }

    @Test
    void without_the_sysfs_list_the_per_cpu_lines_are_counted(@TempDir Path temp) throws Exception {
        Path gateway = Fixtures.copy("gateway", temp);
        Fixtures.write(gateway.resolve("sys/devices/system/cpu/online"), "zero-three");

        assertThat(new CpuCollector(gateway.resolve("proc"), gateway.resolve("sys")).sample().onlineCpus()).isEqualTo(4);
    }

    @Test
    void a_stat_file_without_the_cpu_line_or_no_file_at_all_is_unavailable(@TempDir Path temp) {
        Path malformed = Fixtures.tree("malformed");

        assertThatThrownBy(() -> new CpuCollector(malformed.resolve("proc"), malformed.resolve("sys")).sample())
                .isInstanceOf(Unavailable.class).hasMessageContaining("aggregate cpu line");
        assertThatThrownBy(() -> new CpuCollector(temp, temp).sample())
                .isInstanceOf(Unavailable.class).hasMessageContaining("no " + temp.resolve("stat"));
    }
}
