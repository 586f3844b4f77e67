package io.heliostat.agent.collect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The functions on the node's PCI bus, from {@code /sys/bus/pci/devices/*}/{vendor,device,class}. */
final class PciDevices {

    /**
     * One PCI function. Ids are four lower-case hex digits; the class is six (class, subclass, programming interface).
     */
    record PciFunction(String address, String vendorId, String deviceId, String classCode) {

        /** {@code 0000:03:00.1} → {@code 0000:03:00}: the functions of one card share it. */
        String slot() {
            int dot = address.lastIndexOf('.');
            return dot < 0 ? address : address.substring(0, dot);
        }
    }

    private PciDevices() {
    }

    /** Every function whose vendor and device can be read; others are skipped. */
    static List<PciFunction> scan(Path sysRoot) {
        List<PciFunction> functions = new ArrayList<>();
        for (Path device : SysFiles.list(sysRoot.resolve("bus/pci/devices"), "*")) {
            Optional<String> vendor = SysFiles.readHex(device.resolve("vendor")).filter(hex -> hex.length() == 4);
            Optional<String> id = SysFiles.readHex(device.resolve("device")).filter(hex -> hex.length() == 4);
            if (vendor.isPresent() && id.isPresent()) {
                functions.add(new PciFunction(device.getFileName().toString(), vendor.get(), id.get(),
                        SysFiles.readHex(device.resolve("class")).orElse("")));
            }
        }
        return functions;
    }
}
