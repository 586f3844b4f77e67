package io.heliostat.agent;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key of the agent, its default and what it means: one table for the parser, {@code --help}
 * and the README. A key is set, strongest first, by a flag ({@code --report-interval 5s}), an environment
 * variable ({@code HELIOSTAT_AGENT_REPORT_INTERVAL=5s}), the properties file given by {@code --config}, or its
 * default.
 */
public enum Setting {
    CONTROLLER("controller", null, "the controller's base URL, http:// or https:// (required, unless hono.amqp is given)"),
    HONO_AMQP("hono.amqp", null, "report to an Eclipse Hono AMQP adapter instead of the controller, amqps://host[:5671] or"
            + " amqp://host[:5672]; only in heliostat-edge-agent-hono.jar"),
    TENANT("tenant", null, "with hono.amqp: the Hono tenant the device belongs to"),
    DEVICE("device", null, "with hono.amqp: the auth-id of the device's password credentials in Hono (often its device id);"
            + " the SASL username is device@tenant"),
    PASSWORD_FILE("password-file", null, "with hono.amqp: a file holding the device's password (its first line)"),
    NODE_ID("node.id", null, "this node's id in the fleet (default: the host name)"),
    CLUSTER("cluster", "edge", "the cluster or edge site the node belongs to"),
    REPORT_INTERVAL("report.interval", "10s", "time between reports, 100ms to 1h"),
    REPORT_JITTER("report.jitter", "0.1", "each wait is moved by up to this fraction of the interval, at random, 0 to 0.5"),
    BUFFER_DIRECTORY("buffer.directory", null,
            "where reports wait while the controller is unreachable, and the last sequence number"
                    + " (default: $STATE_DIRECTORY under systemd, else ./heliostat-agent-state)"),
    BUFFER_MAX_REPORTS("buffer.max-reports", "8640",
            "reports kept while the controller is unreachable (8640: a day at 10s); beyond it the oldest are summarised, 2 to 1000000"),
    PROBE_TARGETS("probe.targets", "controller",
            "comma-separated [name=]host:port to measure the TCP connect time to; 'controller' is the controller's own"
                    + " host and port (the Hono adapter's with hono.amqp); empty for none"),
    PROBE_TIMEOUT("probe.timeout", "1s", "how long a probe may take, 10ms to 10s"),
    LABELS("labels", "", "the node's labels, comma-separated key=value"),
    TAINTS("taints", "", "the node's taints, comma-separated key[=value]:NoSchedule|PreferNoSchedule|NoExecute"),
    RUNTIMES("runtimes", null,
            "the sandbox runtimes the node offers, comma-separated runc, gvisor, kata, firecracker, wasm (default: found on runtimes.path)"),
    RUNTIMES_PATH("runtimes.path", null, "where to look for runtime executables, colon-separated (default: $PATH)"),
    POWER_IDLE_WATTS("power.idle-watts", "2.0", "the node's draw with nothing running, W"),
    POWER_MAX_WATTS("power.max-watts", "6.0", "the node's draw at full CPU load, W; without RAPL counters the draw is modelled"
            + " linearly from idle to max at the CPU's utilisation"),
    POWER_BUDGET_WATTS("power.budget-watts", "0", "the most the node may draw, W; 0 takes it from a battery when there is one"),
    PROC_ROOT("proc.root", "/proc", "where procfs is mounted"),
    SYS_ROOT("sys.root", "/sys", "where sysfs is mounted"),
    DISK_PATH("disk.path", "/", "the file system whose size is reported as ephemeral storage"),
    COMMANDS_POLL_INTERVAL("commands.poll-interval", "10s", "how often to ask the controller for commands, 100ms to 1h, or 'off'"
            + " (with hono.amqp commands come as Hono sends them, and 'off' turns them off)"),
    WORKLOAD_RUN_COMMAND("workload.run-command", "",
            "shell command that starts a workload, given HELIOSTAT_WORKLOAD, HELIOSTAT_IMAGE, HELIOSTAT_RUNTIME,"
                    + " HELIOSTAT_CPU_MILLIS and HELIOSTAT_MEMORY_MIB in its environment (empty: workloads are refused)"),
    WORKLOAD_STOP_COMMAND("workload.stop-command", "", "shell command that stops a workload, given HELIOSTAT_WORKLOAD"),
    WORKLOAD_COMMAND_TIMEOUT("workload.command-timeout", "60s", "how long a run or stop command may take, 100ms to 1h"),
    HTTP_TIMEOUT("http.timeout", "5s", "how long a request to the controller may take, 100ms to 5m (with hono.amqp: a connection"
            + " attempt, or the adapter's answer to a message)"),
    RETRY_INITIAL_DELAY("retry.initial-delay", "1s", "first wait before resending to an unreachable controller (or reconnecting to Hono), 10ms to 1h"),
    RETRY_MAX_DELAY("retry.max-delay", "60s", "longest wait between resends (it doubles from the first, with jitter), 10ms to 1h"),
    LOG_LEVEL("log.level", "INFO", "SEVERE, WARNING, INFO or FINE");

    private final String key;
    private final String defaultValue;
    private final String help;

    Setting(String key, String defaultValue, String help) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    /** Absent for settings whose default is worked out at start (the host name, $PATH) or that have none. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String help() {
        return help;
    }

    public String flag() {
        return "--" + key.replace('.', '-');
    }

    public String environmentVariable() {
        return AgentConfig.ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static Optional<Setting> byKey(String key) {
        for (Setting setting : values()) {
            if (setting.key.equals(key)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }
}
