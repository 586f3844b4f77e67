package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;
import io.heliostat.api.node.ResourceAmounts;

class NodeSamplerTest {

    private static final PowerProfile PI = new PowerProfile(1.1, 2.9, 0);

    @Test
    void a_gateway_is_sampled_whole(@TempDir Path disk) {
        Path gateway = Fixtures.tree("gateway");
        NodeSampler sampler = new NodeSampler(gateway.resolve("proc"), gateway.resolve("sys"), disk, List.of(),
                List.of(gateway.resolve("bin")), List.of(), Duration.ofMillis(100), PI, new Absences());

        NodeSampler.NodeSample sample = sampler.sample(System.nanoTime());

        // 4 cores at 15 % since boot: 600 of 4000 millicores
        assertThat(sample.capacity()).usingRecursiveComparison().ignoringFields("ephemeralStorageMiB")
                .isEqualTo(new ResourceAmounts(4000, 3793, 0, 0, 0));
        assertThat(sample.capacity().ephemeralStorageMiB()).isPositive();
        assertThat(sample.used().cpuMillis()).isEqualTo(600);
        assertThat(sample.used().memoryMiB()).isEqualTo(1024);
        assertThat(sample.temperatureCelsius()).contains(48.5);
        assertThat(sample.runtimes()).containsExactly("runc", "wasm");
        assertThat(sample.power().measured()).isFalse();
    }

    @Test
    void a_device_that_has_nothing_still_gives_a_sample_with_its_fields_left_out(@TempDir Path nothing) {
        Absences absences = new Absences();
        NodeSampler sampler = new NodeSampler(nothing.resolve("proc"), nothing.resolve("sys"), nothing.resolve("no-disk"), List.of(),
                List.of(nothing), List.of(), Duration.ofMillis(100), PI, absences);

        NodeSampler.NodeSample sample = sampler.sample(System.nanoTime());

        assertThat(sample.capacity()).isEqualTo(new ResourceAmounts(0, 0, 0, 0, 0));
        assertThat(sample.temperatureCelsius()).isEqualTo(Optional.empty());
        assertThat(sample.runtimes()).isEmpty();
        assertThat(sample.power().drawWatts()).isEqualTo(1.1);
        assertThat(List.of("CPU", "memory", "ephemeral storage", "temperature", "runtimes", "GPUs and DPUs"))
                .allSatisfy(what -> assertThat(absences.isAbsent(what)).as(what).isTrue());
    }

    @Test
    void configured_runtimes_replace_detection() {
        Path gateway = Fixtures.tree("gateway");
        NodeSampler sampler = new NodeSampler(gateway.resolve("proc"), gateway.resolve("sys"), gateway, List.of("kata", "runc"),
                List.of(gateway.resolve("bin")), List.of(), Duration.ofMillis(100), PI, new Absences());

        assertThat(sampler.sample(System.nanoTime()).runtimes()).containsExactly("kata", "runc");
    }
}
