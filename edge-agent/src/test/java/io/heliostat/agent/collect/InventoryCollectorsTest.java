package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;
import io.heliostat.api.node.DpuDevice;

/** Temperature, runtimes, GPUs and DPUs: what a node has rather than how busy it is. */
class InventoryCollectorsTest {

    @Test
    void the_hottest_zone_is_reported_and_a_dead_probe_or_a_garbled_file_is_skipped() throws Exception {
        // gateway: 48.5 °C and a disconnected probe at -273 °C; server: 67 °C and "not a number"
        assertThat(new ThermalCollector(Fixtures.tree("gateway").resolve("sys")).hottestCelsius()).isEqualTo(48.5);
        assertThat(new ThermalCollector(Fixtures.tree("server").resolve("sys")).hottestCelsius()).isEqualTo(67.0);
        assertThatThrownBy(() -> new ThermalCollector(Fixtures.tree("malformed").resolve("sys")).hottestCelsius())
                .isInstanceOf(Unavailable.class);
    }

    @Test
    void runtimes_are_the_executables_found_and_a_file_that_cannot_run_does_not_count(@TempDir Path empty) {
        // gateway/bin: runc and wasmtime are executable; runsc is not
        assertThat(new RuntimeDetector(List.of(empty, Fixtures.tree("gateway").resolve("bin"))).detect()).containsExactly("runc", "wasm");
        assertThat(new RuntimeDetector(List.of(empty)).detect()).isEmpty();
    }

    @Test
    void a_containerd_wasm_shim_counts_as_wasm(@TempDir Path bin) throws Exception {
        Path shim = bin.resolve("containerd-shim-wasmtime-v1");
        Fixtures.write(shim, "#!/bin/sh\n");
        assertThat(shim.toFile().setExecutable(true)).isTrue();
        Fixtures.write(bin.resolve("containerd-shim-kata-v2"), "#!/bin/sh\n");
        assertThat(bin.resolve("containerd-shim-kata-v2").toFile().setExecutable(true)).isTrue();

        assertThat(new RuntimeDetector(List.of(bin)).detect()).containsExactly("kata", "wasm");
    }

    @Test
    void gpus_are_the_driver_s_list_and_nvidia_display_or_3d_functions_counted_once() {
        Path server = Fixtures.tree("server");

        // driver: 0000:3b:00.0 and 0000:af:00.0; PCI: 0000:3b:00.0 (3D controller, the same GPU), 0000:3b:00.1 is audio
        assertThat(new GpuCollector(server.resolve("proc")).count(PciDevices.scan(server.resolve("sys")))).isEqualTo(2);
    }

    @Test
    void dpus_are_found_by_pci_id_one_per_card_without_bridges_or_plain_nics() {
        List<DpuDevice> dpus = new DpuCollector().find(PciDevices.scan(Fixtures.tree("server").resolve("sys")));

        assertThat(dpus).containsExactly(
                new DpuDevice("0000:03:00.0", "15b3", "a2dc", "BlueField-3"),
                new DpuDevice("0000:04:00.0", "15b3", "a2d6", "BlueField-2"),
                new DpuDevice("0000:5f:00.0", "1dd8", "1002", "AMD Pensando DSC"),
                new DpuDevice("0000:6a:00.0", "8086", "1453", "Intel IPU E2000"));
        assertThat(dpus).allSatisfy(dpu -> assertThat(dpu.validate()).isEmpty());
    }

    @Test
    void a_node_without_a_pci_bus_has_no_gpus_or_dpus(@TempDir Path nothing) {
        assertThat(PciDevices.scan(nothing)).isEmpty();
        assertThat(new GpuCollector(nothing).count(List.of())).isZero();
    }
}
