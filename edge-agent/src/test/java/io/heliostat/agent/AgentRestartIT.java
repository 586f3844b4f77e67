package io.heliostat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar as a gateway runs it, in its own process: killed with SIGKILL while the controller is down
 * and reports wait on disk, then started again once the controller is back. Every report made before the kill
 * arrives, in order, and the sequence goes on where it stopped.
 */
class AgentRestartIT {

    private static final Path JAR = Path.of("target/heliostat-edge-agent.jar");

    private final StubController controller = new StubController();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        controller.close();
    }

    private Process startAgent() throws IOException {
        Path gateway = Fixtures.tree("gateway");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-jar", JAR.toString(),
                "--controller", controller.uri().toString(), "--node-id", "gw-mad-1", "--cluster", "edge-madrid-store",
                "--report-interval", "100ms", "--report-jitter", "0", "--buffer-directory", state.toString(),
                "--proc-root", gateway.resolve("proc").toString(), "--sys-root", gateway.resolve("sys").toString(),
                "--disk-path", state.toString(), "--runtimes-path", gateway.resolve("bin").toString(),
                "--commands-poll-interval", "off", "--retry-initial-delay", "20ms", "--retry-max-delay", "100ms")
                .redirectErrorStream(true).redirectOutput(state.resolve("agent.log").toFile()).start();
        processes.add(process);
        return process;
    }

    private long lastSequence() throws IOException {
        Path file = state.resolve("sequence");
        return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
    }

    @Test
    void reports_buffered_before_a_kill_arrive_in_order_after_the_restart() throws Exception {
        Process first = startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.sequences().size() >= 3);
        controller.down();
        long downFrom = lastSequence();
        await().atMost(Duration.ofSeconds(20)).until(() -> lastSequence() >= downFrom + 10);

        first.destroyForcibly().waitFor();
        long killedAt = lastSequence();
        controller.up();
        Process second = startAgent();
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.sequences().size() >= killedAt + 3);
        second.destroy();

        assertThat(second.waitFor()).as("exit code on SIGTERM").isIn(0, 143);
        List<Long> received = controller.sequences();
        assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, received.size()).boxed().toList());
        assertThat(received.size()).isGreaterThan((int) killedAt);
        assertThat(Files.readString(state.resolve("agent.log"))).contains("reports buffered");
    }
}
