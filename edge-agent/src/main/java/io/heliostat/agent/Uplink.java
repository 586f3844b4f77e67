package io.heliostat.agent;

import java.net.URI;

/** Where the agent reports and takes its commands from: the controller over HTTP, or an Eclipse Hono AMQP adapter. */
public sealed interface Uplink {

    URI uri();

    /** The host and port a connection goes to, for the RTT probe named {@code controller}. */
    String host();

    int port();

    /** {@code controller}: reports go to the controller's REST API, and commands are polled from it. */
    record Controller(URI uri) implements Uplink {

        @Override
        public String host() {
            return uri.getHost();
        }

        @Override
        public int port() {
            return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
    }

    /**
     * {@code hono.amqp}, {@code tenant}, {@code device}, {@code password-file}: reports go as telemetry to a Hono AMQP
     * adapter, which authenticates the device with SASL PLAIN as {@code device@tenant}, and commands come on its
     * command link. Only heliostat-edge-agent-hono.jar has this transport.
     *
     * @param device   the auth-id of the device's hashed-password credentials in Hono's registry
     * @param password read from the password file, not shown by {@link #toString()}
     */
    record HonoAdapter(URI uri, String tenant, String device, String password) implements Uplink {

        public static final int AMQP_PORT = 5672;
        public static final int AMQPS_PORT = 5671;

        public boolean tls() {
            return "amqps".equalsIgnoreCase(uri.getScheme());
        }

        public String username() {
            return device + "@" + tenant;
        }

        @Override
        public String host() {
            return uri.getHost();
        }

        @Override
        public int port() {
            return uri.getPort() >= 0 ? uri.getPort() : tls() ? AMQPS_PORT : AMQP_PORT;
        }

        @Override
        public String toString() {
            return "HonoAdapter[uri=" + uri + ", tenant=" + tenant + ", device=" + device + ", password=(hidden)]";
        }
    }
}
