package io.heliostat.agent.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heliostat.api.node.DpuDevice;

/**
 * Data-processing units on the PCI bus, by vendor and device id. A card shows several functions (ports, a
 * management function, the bridges of its own switch): bridges are skipped and the functions of one slot count
 * once, under the address of the first.
 */
public final class DpuCollector {

    /** PCI class 0x0604: a PCI-to-PCI bridge, such as the upstream and downstream ports of a DSC's switch. */
    private static final String BRIDGE_CLASS = "0604";

    private record Model(String vendorId, String deviceId, String name) {

        boolean matches(PciDevices.PciFunction function) {
            return function.vendorId().equals(vendorId) && (deviceId.equals("*") || function.deviceId().equals(deviceId));
        }
    }

    private static final List<Model> MODELS = List.of(
            // Linux drivers/net/ethernet/mellanox/mlx5/core/main.c, mlx5_core_pci_table: 0xa2d6 "BlueField-2 integrated
            // ConnectX-6 Dx network controller", 0xa2dc "BlueField-3 integrated ConnectX-7 network controller".
            new Model("15b3", "a2d6", "BlueField-2"),
            new Model("15b3", "a2dc", "BlueField-3"),
            // Linux drivers/pci/quirks.c, quirk_intel_e2000_no_ats (commit a18615b1cfc0, "Disable ATS for specific
            // Intel IPU E2000 devices"): the IPU E2000's functions 0x1451-0x1455, 0x1457, 0x1459, 0x145a and 0x145c;
            // DPDK's idpf driver (drivers/common/idpf/base/idpf_devids.h) knows its host PF as 0x1452.
            new Model("8086", "1451", "Intel IPU E2000"),
            new Model("8086", "1452", "Intel IPU E2000"),
            new Model("8086", "1453", "Intel IPU E2000"),
            new Model("8086", "1454", "Intel IPU E2000"),
            new Model("8086", "1455", "Intel IPU E2000"),
            new Model("8086", "1457", "Intel IPU E2000"),
            new Model("8086", "1459", "Intel IPU E2000"),
            new Model("8086", "145a", "Intel IPU E2000"),
            new Model("8086", "145c", "Intel IPU E2000"),
            // Pensando's platform/include/common/pci_ids.h (PCI_VENDOR_ID_PENSANDO 0x1dd8) and DPDK's ionic guide
            // ("lspci -d 1dd8:"): every function of the vendor belongs to a DSC card.
            new Model("1dd8", "*", "AMD Pensando DSC"));

    List<DpuDevice> find(List<PciDevices.PciFunction> functions) {
        Map<String, DpuDevice> bySlot = new LinkedHashMap<>();
        for (PciDevices.PciFunction function : functions) {
            if (function.classCode().startsWith(BRIDGE_CLASS)) {
                continue;
            }
            model(function).ifPresent(model -> bySlot.putIfAbsent(function.slot(),
                    new DpuDevice(function.address(), function.vendorId(), function.deviceId(), model.name())));
        }
        return new ArrayList<>(bySlot.values());
    }

    private static Optional<Model> model(PciDevices.PciFunction function) {
        return MODELS.stream().filter(model -> model.matches(function)).findFirst();
    }
}
