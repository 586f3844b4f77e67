package io.heliostat.api.node;

import java.util.regex.Pattern;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;

/**
 * A data-processing unit found on the node's PCI bus.
 *
 * @param pciAddress such as {@code 0000:03:00.0}
 * @param vendorId   PCI vendor id, four hex digits ({@code 15b3} for NVIDIA/Mellanox)
 * @param deviceId   PCI device id, four hex digits
 * @param model      what the id pair is, such as {@code BlueField-3}
 */
public record DpuDevice(String pciAddress, String vendorId, String deviceId, String model) implements Validated {

    private static final Pattern HEX4 = Pattern.compile("^[0-9a-fA-F]{4}$");

    @Override
    public void validate(Validator validator) {
        validator.required("pciAddress", pciAddress);
        if (validator.required("vendorId", vendorId) && !HEX4.matcher(vendorId).matches()) {
            validator.reject("vendorId", "must be four hex digits, was '" + vendorId + "'");
        }
        if (validator.required("deviceId", deviceId) && !HEX4.matcher(deviceId).matches()) {
            validator.reject("deviceId", "must be four hex digits, was '" + deviceId + "'");
        }
    }
}
