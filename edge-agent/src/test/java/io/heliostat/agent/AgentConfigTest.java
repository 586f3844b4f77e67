package io.heliostat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.agent.collect.PowerProfile;
import io.heliostat.agent.collect.ProbeTarget;
import io.heliostat.api.node.NodeTaint;

class AgentConfigTest {

    @Test
    void the_controller_alone_is_enough_and_everything_else_has_its_documented_default() throws Exception {
        AgentConfig config = AgentConfig.of(Map.of("controller", "http://10.0.0.1:8080"));

        assertThat(config.reportInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.reportJitter()).isEqualTo(0.1);
        assertThat(config.cluster()).isEqualTo("edge");
        assertThat(config.nodeId()).isNotBlank();
        assertThat(config.bufferMaxReports()).isEqualTo(8640);
        assertThat(config.probeTargets()).containsExactly(new ProbeTarget("controller", "10.0.0.1", 8080));
        assertThat(config.power()).isEqualTo(new PowerProfile(2.0, 6.0, 0));
        assertThat(config.procRoot()).isEqualTo(Path.of("/proc"));
        assertThat(config.commandPollInterval()).contains(Duration.ofSeconds(10));
        assertThat(config.runCommand()).isEmpty();
        assertThat(config.bufferDirectory()).isEqualTo(Path.of("heliostat-agent-state"));
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("agent.properties");
        Fixtures.write(file, """
                controller = http://file:8080
                report.interval = 30s
                cluster = edge-file
                node.id = gw-file
                labels = heliostat.io/site=madrid-store,kubernetes.io/arch=arm64
                taints = heliostat.io/edge=true:NoSchedule,heliostat.io/battery:PreferNoSchedule
                """);
        Map<String, String> environment = Map.of("HELIOSTAT_AGENT_REPORT_INTERVAL", "20s", "HELIOSTAT_AGENT_CLUSTER", "edge-env",
                "STATE_DIRECTORY", "/var/lib/heliostat-agent", "PATH", "/usr/bin:/bin");

        AgentConfig config = AgentConfig.load(Map.of("report.interval", "5s"), Optional.of(file), environment);

        assertThat(config.reportInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.cluster()).isEqualTo("edge-env");
        assertThat(config.nodeId()).isEqualTo("gw-file");
        assertThat(config.uplink()).isEqualTo(new Uplink.Controller(URI.create("http://file:8080")));
        assertThat(config.labels()).containsEntry("kubernetes.io/arch", "arm64");
        assertThat(config.taints()).containsExactly(new NodeTaint("heliostat.io/edge", "true", "NoSchedule"),
                new NodeTaint("heliostat.io/battery", null, "PreferNoSchedule"));
        assertThat(config.bufferDirectory()).isEqualTo(Path.of("/var/lib/heliostat-agent"));
        assertThat(config.runtimesPath()).containsExactly(Path.of("/usr/bin"), Path.of("/bin"));
    }

    @Test
    void every_bad_value_is_named_with_its_key_where_it_came_from_and_what_is_allowed(@TempDir Path temp) {
        Path file = temp.resolve("agent.properties");
        Fixtures.write(file, "report.intervall = 5s\npower.max-watts = 1\n");
        Map<String, String> environment = Map.of("HELIOSTAT_AGENT_RUNTIMES", "runc,docker");

        assertThatThrownBy(() -> AgentConfig.load(Map.of("controller", "ftp://x", "report.interval", "often",
                "taints", "edge:Sometimes", "buffer.max-reports", "1", "node.id", "bad id!"), Optional.of(file), environment))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
                        problem -> assertThat(problem).startsWith("'report.intervall' in " + file + " is not a setting")
                                .contains("report.interval, report.jitter"),
                        problem -> assertThat(problem).startsWith("controller must be an http:// or https:// URL")
                                .contains("'ftp://x' (flag --controller)"),
                        problem -> assertThat(problem).startsWith("node.id must be 1-128 letters"),
                        problem -> assertThat(problem).startsWith("report.interval must be a duration from 100ms to 1h")
                                .contains("'often' (flag --report-interval)"),
                        problem -> assertThat(problem).startsWith("buffer.max-reports must be a whole number from 2 to 1000000"),
                        problem -> assertThat(problem).startsWith("taints must list key[=value]:effect with effect one of NoSchedule"),
                        problem -> assertThat(problem).startsWith("runtimes must list runtimes among runc, gvisor, kata")
                                .contains("'docker' is not one").contains("environment HELIOSTAT_AGENT_RUNTIMES"),
                        problem -> assertThat(problem).startsWith("power.max-watts must be at least power.idle-watts (2.0)")
                                .contains("(file " + file + ")")));
    }

    @Test
    void without_a_controller_the_agent_says_how_to_give_one() {
        assertThatThrownBy(() -> AgentConfig.of(Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().asString().contains("controller is required")
                        .contains("--controller").contains("HELIOSTAT_AGENT_CONTROLLER"));
    }

    @Test
    void commands_can_be_switched_off_and_durations_take_several_forms() throws Exception {
        AgentConfig config = AgentConfig.of(Map.of("controller", "https://controller.example", "commands.poll-interval", "off",
                "report.interval", "PT1M", "probe.timeout", "250ms", "probe.targets", "controller,dns=1.1.1.1:53"));

        assertThat(config.commandPollInterval()).isEmpty();
        assertThat(config.reportInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.probeTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.probeTargets()).containsExactly(new ProbeTarget("controller", "controller.example", 443),
                new ProbeTarget("dns", "1.1.1.1", 53));
    }

    @Test
    void hono_takes_the_adapter_tenant_device_and_password_file_from_flags_environment_and_file(@TempDir Path temp) throws Exception {
        Path password = temp.resolve("password");
        Fixtures.write(password, "  correct-horse-battery \nsecond line is not read\n");
        Path file = temp.resolve("agent.properties");
        Fixtures.write(file, "device = gw-mad-1\npassword-file = " + password + "\n");

        AgentConfig config = AgentConfig.load(Map.of("hono.amqp", "amqps://hono.example"), Optional.of(file),
                Map.of("HELIOSTAT_AGENT_TENANT", "DEFAULT_TENANT"));

        assertThat(config.uplink()).isInstanceOfSatisfying(Uplink.HonoAdapter.class, hono -> {
            assertThat(hono.username()).isEqualTo("gw-mad-1@DEFAULT_TENANT");
            assertThat(hono.password()).isEqualTo("correct-horse-battery");
            assertThat(hono.tls()).isTrue();
            assertThat(hono.port()).isEqualTo(5671);
            assertThat(hono).asString().doesNotContain("correct-horse-battery");
        });
        assertThat(config.probeTargets()).containsExactly(new ProbeTarget("controller", "hono.example", 5671));
        assertThat(AgentConfig.of(Map.of("hono.amqp", "amqp://10.0.0.7", "tenant", "t", "device", "d", "password-file",
                password.toString())).uplink().port()).isEqualTo(5672);
    }

    @Test
    void hono_settings_that_cannot_work_are_named_with_what_is_allowed(@TempDir Path temp) {
        Path empty = temp.resolve("empty-password");
        Fixtures.write(empty, "\n");

        assertThatThrownBy(() -> AgentConfig.of(Map.of("hono.amqp", "https://hono.example:5671", "controller", "http://10.0.0.1:8080",
                "device", "gw@mad", "password-file", empty.toString()))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).satisfiesExactlyInAnyOrder(
                        problem -> assertThat(problem).startsWith("controller cannot be given with hono.amqp"),
                        problem -> assertThat(problem).startsWith("hono.amqp must be amqps://host[:port] or amqp://host[:port]")
                                .contains("'https://hono.example:5671' (given)"),
                        problem -> assertThat(problem).startsWith("tenant is required with hono.amqp").contains("--tenant")
                                .contains("HELIOSTAT_AGENT_TENANT"),
                        problem -> assertThat(problem).startsWith("device must be 1-256 letters, digits"),
                        problem -> assertThat(problem).startsWith("password-file must name a file with the device's password on its"
                                + " first line; that line is empty")));
        assertThatThrownBy(() -> AgentConfig.of(Map.of("hono.amqp", "amqps://hono.example", "tenant", "t", "device", "d",
                "password-file", temp.resolve("missing").toString()))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().asString().startsWith("password-file must name a readable file")
                        .contains("NoSuchFileException"));
        assertThatThrownBy(() -> AgentConfig.of(Map.of("hono.amqp", "amqps://hono.example", "tenant", "t", "device", "d")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("password-file is required with hono.amqp"));
    }

    @Test
    void hono_settings_without_hono_amqp_are_refused_rather_than_ignored() {
        assertThatThrownBy(() -> AgentConfig.of(Map.of("controller", "http://10.0.0.1:8080", "tenant", "DEFAULT_TENANT")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("tenant is for reporting through Hono, and hono.amqp is not given").contains("--hono-amqp"));
    }

    @Test
    void the_agent_refuses_to_start_with_exit_code_2_and_names_every_problem() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = AgentMain.run(new String[] {"--hono-amqp", "amqps://hono:5671", "--device", "gw-1", "--password-file", "/no/such/file",
                    "--report-jitter", "0.9", "--no-such-flag", "x"});
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("tenant is required with hono.amqp")
                .contains("password-file must name a readable file").contains("unknown option '--no-such-flag'")
                .contains("report.jitter must be a number from 0 to 0.5");
    }

    @Test
    void help_lists_every_setting_with_its_flag_variable_and_default() {
        String usage = AgentMain.usage();

        for (Setting setting : Setting.values()) {
            assertThat(usage).contains(setting.flag()).contains(setting.environmentVariable()).contains(setting.key() + ": ");
        }
        assertThat(List.of(Setting.values())).extracting(Setting::environmentVariable).contains("HELIOSTAT_AGENT_BUFFER_MAX_REPORTS");
    }
}
