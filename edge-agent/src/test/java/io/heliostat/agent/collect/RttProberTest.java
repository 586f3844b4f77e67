package io.heliostat.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RttProberTest {

    @Test
    void a_listening_target_has_its_connect_time_and_unreachable_ones_are_left_out() throws Exception {
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        Absences absences = new Absences();
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RttProber prober = new RttProber(List.of(new ProbeTarget("controller", "127.0.0.1", listening.getLocalPort()),
                    new ProbeTarget("gone", "127.0.0.1", closedPort), new ProbeTarget("nowhere", "no-such-host.invalid", 53)),
                    Duration.ofMillis(500), absences);

            Map<String, Double> rtt = prober.probe();

            assertThat(rtt).containsOnlyKeys("controller");
            assertThat(rtt.get("controller")).isBetween(0.0, 500.0);
            assertThat(absences.isAbsent("RTT to gone (127.0.0.1:" + closedPort + ")")).isTrue();
            assertThat(absences.isAbsent("RTT to nowhere (no-such-host.invalid:53)")).isTrue();
        }
    }
}
