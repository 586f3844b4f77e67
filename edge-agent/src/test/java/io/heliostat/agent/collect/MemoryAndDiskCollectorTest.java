package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;

class MemoryAndDiskCollectorTest {

    @Test
    void memory_in_use_is_the_total_less_what_is_available() throws Exception {
        MemoryCollector.MemorySample memory = new MemoryCollector(Fixtures.tree("gateway").resolve("proc")).sample();

        // 3884076 kB = 3793 MiB; in use 3884076 - 2835276 = 1048800 kB = 1024 MiB
        assertThat(memory.totalMiB()).isEqualTo(3793);
        assertThat(memory.usedMiB()).isEqualTo(1024);
    }

    @Test
    void an_old_kernel_without_mem_available_counts_free_buffers_and_cache_as_available(@TempDir Path temp) throws Exception {
        Fixtures.write(temp.resolve("meminfo"), "MemTotal: 4096000 kB\nMemFree: 1024000 kB\nBuffers: 512000 kB\nCached: 512000 kB\n");

        // in use 4096000 - 2048000 = 2048000 kB = 2000 MiB
        assertThat(new MemoryCollector(temp).sample().usedMiB()).isEqualTo(2000);
    }

    @Test
    void meminfo_without_a_total_is_unavailable() {
        assertThatThrownBy(() -> new MemoryCollector(Fixtures.tree("malformed").resolve("proc")).sample())
                .isInstanceOf(Unavailable.class).hasMessageContaining("MemTotal");
    }

    @Test
    void ephemeral_storage_is_the_size_of_the_file_system_holding_the_path(@TempDir Path temp) throws Exception {
        DiskCollector.DiskSample disk = new DiskCollector(temp).sample();

        assertThat(disk.totalMiB()).isPositive();
        assertThat(disk.usedMiB()).isBetween(0L, disk.totalMiB());
        assertThatThrownBy(() -> new DiskCollector(temp.resolve("not-mounted")).sample())
                .isInstanceOf(Unavailable.class).hasMessageContaining("not-mounted");
    }
}
