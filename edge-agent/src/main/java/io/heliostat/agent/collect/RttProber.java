package io.heliostat.agent.collect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Round-trip time to each probe target, as the time a TCP connect takes (SYN to SYN-ACK; no ICMP, which needs
 * privileges). The name is resolved before the clock starts. A target that cannot be reached is left out.
 */
public final class RttProber {

    private final List<ProbeTarget> targets;
    private final int timeoutMillis;
    private final Absences absences;

    public RttProber(List<ProbeTarget> targets, Duration timeout, Absences absences) {
        this.targets = List.copyOf(targets);
        this.timeoutMillis = (int) timeout.toMillis();
        this.absences = absences;
    }

    public Map<String, Double> probe() {
        Map<String, Double> rtt = new LinkedHashMap<>();
        for (ProbeTarget target : targets) {
            String what = "RTT to " + target.name() + " (" + target.host() + ":" + target.port() + ")";
            try (Socket socket = new Socket()) {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
                long started = System.nanoTime();
                socket.connect(address, timeoutMillis);
                rtt.put(target.name(), (System.nanoTime() - started) / 1e6);
                absences.present(what);
            } catch (UnknownHostException e) {
                absences.absent(what, "unknown host");
            } catch (IOException e) {
                absences.absent(what, e.getMessage());
            }
        }
        return rtt;
    }
}
