package io.heliostat.controller.hono;

import java.util.OptionalInt;

/**
 * A command sent through Hono that brought back no outcome: it timed out, Hono could not deliver it, or the device
 * answered with something that is not the command's outcome.
 */
public final class HonoCommandException extends RuntimeException {

    public enum Reason {
        /** No response within the command timeout: the device may or may not have run it. */
        TIMED_OUT,
        /** The command did not reach the device: Kafka refused it, or Hono answered with an error status (device not
         * connected, unknown device, tenant over its limits). The device did not run it. */
        UNDELIVERED,
        /** The device answered, but not with a valid outcome of this command. */
        BAD_RESPONSE
    }

    private final Reason reason;
    private final Integer status;

    HonoCommandException(Reason reason, Integer status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The status Hono or the device answered with, if any (Hono's are HTTP statuses: 503 for a device not connected). */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
