package io.heliostat.agent.hono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.Fixtures;
import io.heliostat.agent.link.Json;
import io.heliostat.api.node.CommandOutcome;
import io.heliostat.api.node.NodeReport;

/**
 * The two packaged jars as a gateway runs them: heliostat-edge-agent.jar stays HTTP-only and small and refuses Hono
 * naming the other jar; heliostat-edge-agent-hono.jar, in a process of its own, reports to the adapter and answers
 * its commands.
 */
class AgentJarsIT {

    private static final Path HTTP_JAR = Path.of("target/heliostat-edge-agent.jar");
    private static final Path HONO_JAR = Path.of("target/heliostat-edge-agent-hono.jar");
    private static final long MAX_HTTP_JAR_BYTES = 5L * 1024 * 1024;

    @TempDir
    Path temp;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Process start(Path jar, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private String[] honoArgs(AdapterBroker broker) {
        Path gateway = Fixtures.tree("gateway");
        Path passwordFile = temp.resolve("password");
        Fixtures.write(passwordFile, AdapterBroker.PASSWORD + "\n");
        return new String[] {"--hono-amqp", broker.uri().toString(), "--tenant", AdapterBroker.TENANT, "--device", AdapterBroker.DEVICE,
                "--password-file", passwordFile.toString(), "--node-id", "gw-mad-1", "--report-interval", "200ms", "--report-jitter", "0",
                "--buffer-directory", temp.resolve("state").toString(), "--proc-root", gateway.resolve("proc").toString(),
                "--sys-root", gateway.resolve("sys").toString(), "--disk-path", temp.toString(),
                "--runtimes-path", gateway.resolve("bin").toString(), "--retry-initial-delay", "50ms", "--retry-max-delay", "200ms"};
    }

    @Test
    void the_http_jar_holds_no_hono_vert_x_netty_or_proton_and_stays_under_5_mb() throws Exception {
        assertThat(Files.size(HTTP_JAR)).isLessThanOrEqualTo(MAX_HTTP_JAR_BYTES);
        try (JarFile jar = new JarFile(HTTP_JAR.toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName)).noneMatch(name -> name.startsWith("io/vertx/") || name.startsWith("io/netty/")
                    || name.startsWith("org/apache/qpid/") || name.startsWith("org/eclipse/hono/")
                    || name.startsWith("io/heliostat/agent/hono/")).contains("io/heliostat/agent/AgentMain.class");
        }
        try (JarFile jar = new JarFile(HONO_JAR.toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName)).contains("io/heliostat/agent/hono/HonoTransport.class",
                    "org/eclipse/hono/client/device/amqp/AmqpAdapterClient.class", "io/vertx/proton/ProtonClient.class");
        }
    }

    @Test
    void the_http_jar_refuses_hono_with_exit_code_2_and_names_the_hono_jar() throws Exception {
        try (AdapterBroker broker = new AdapterBroker(temp.resolve("broker"))) {
            Path log = temp.resolve("http-agent.log");

            Process process = start(HTTP_JAR, log, honoArgs(broker));

            assertThat(process.waitFor()).isEqualTo(2);
            assertThat(Files.readString(log)).contains("hono.amqp: this is heliostat-edge-agent.jar, which reports over HTTP only")
                    .contains("java -jar heliostat-edge-agent-hono.jar");
        }
    }

    @Test
    void the_hono_jar_reports_to_the_adapter_and_answers_its_commands() throws Exception {
        AdapterBroker broker = new AdapterBroker(temp.resolve("broker")).start();
        closing.add(broker);
        Application application = new Application(broker.port());
        closing.add(application);
        List<Message> telemetry = application.receive("telemetry");
        String replyTo = "command_response/" + AdapterBroker.TENANT + "/" + AdapterBroker.DEVICE + "/jar-1";
        List<Message> responses = application.receive(replyTo);
        Path log = temp.resolve("hono-agent.log");

        Process agent = start(HONO_JAR, log, honoArgs(broker));
        await().atMost(Duration.ofSeconds(30)).until(() -> telemetry.size() >= 2);
        application.sendCommand("undrain", "{\"kind\":\"undrain\",\"commandId\":\"c-1\",\"sequence\":1,\"issuedAt\":\"2026-11-22T10:00:00Z\"}",
                "jar-corr-1", replyTo);
        await().atMost(Duration.ofSeconds(30)).until(() -> responses.size() == 1);
        agent.destroy();

        assertThat(agent.waitFor()).as("exit code on SIGTERM").isIn(0, 143);
        assertThat(Json.mapper().readValue(Application.text(telemetry.get(0)), NodeReport.class).sequence()).isEqualTo(1);
        assertThat(Json.mapper().readValue(Application.text(responses.get(0)), CommandOutcome.class).status())
                .isEqualTo(CommandOutcome.SUCCEEDED);
        assertThat(Files.readString(log)).contains("connected to Hono AMQP adapter " + broker.uri() + " as gw-1@tenant-a")
                .doesNotContain("SLF4J");
    }
}
