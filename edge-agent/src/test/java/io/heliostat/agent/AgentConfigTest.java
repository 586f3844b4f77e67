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
    void the_agent_refuses_to_start_with_exit_code_2_and_says_hono_is_not_in_this_build() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = AgentMain.run(new String[] {"--hono-amqp", "amqps://hono:5671", "--controller", "http://10.0.0.1:8080",
                    "--report-jitter", "0.9", "--no-such-flag", "x"});
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--hono-amqp: the Eclipse Hono AMQP transport is not in this build yet")
                .contains("unknown option '--no-such-flag'").contains("report.jitter must be a number from 0 to 0.5");
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
