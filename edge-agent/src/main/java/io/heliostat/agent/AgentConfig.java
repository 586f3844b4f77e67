package io.heliostat.agent;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.heliostat.agent.collect.PowerProfile;
import io.heliostat.agent.collect.ProbeTarget;
import io.heliostat.agent.log.Log;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeReport;
import io.heliostat.api.node.NodeTaint;

/**
 * The agent's configuration, every value checked. {@link #load} merges flags over environment variables over the
 * properties file over the defaults of {@link Setting}, and refuses the lot with every problem named.
 *
 * @param uplink              the controller, or the Hono AMQP adapter, that reports go to
 * @param commandPollInterval empty when commands are off
 * @param runtimes            the sandbox runtimes to report; empty to find them on {@code runtimesPath}
 * @param runCommand          the shell command that starts a workload; empty when workloads are refused
 */
public record AgentConfig(Uplink uplink, String nodeId, String cluster, Duration reportInterval, double reportJitter,
                          Path bufferDirectory, int bufferMaxReports, List<ProbeTarget> probeTargets, Duration probeTimeout,
                          Map<String, String> labels, List<NodeTaint> taints, List<String> runtimes, List<Path> runtimesPath,
                          PowerProfile power, Path procRoot, Path sysRoot, Path diskPath, Optional<Duration> commandPollInterval,
                          Optional<String> runCommand, Optional<String> stopCommand, Duration workloadCommandTimeout,
                          Duration httpTimeout, Duration retryInitialDelay, Duration retryMaxDelay, String logLevel) {

    static final String ENV_PREFIX = "HELIOSTAT_AGENT_";
    /** Names the properties file; not a {@link Setting} since the file cannot name itself. */
    static final String CONFIG_FLAG = "--config";
    static final String CONFIG_ENV = ENV_PREFIX + "CONFIG";
    static final List<String> LOG_LEVELS = Arrays.stream(Log.Level.values()).map(Enum::name).toList();

    private static final Pattern DURATION = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)$");
    private static final Pattern TAINT = Pattern.compile("^([^=:,\\s]+)(?:=([^:,\\s]*))?:([A-Za-z]+)$");
    /** What Hono's device registry takes as a tenant id or auth-id, less what would split a username or an address. */
    private static final Pattern HONO_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:=-]{0,255}$");
    private static final String HONO_ID_RULE = "must be 1-256 letters, digits, '.', '_', '-', ':' or '=', starting with a letter or digit";

    public AgentConfig {
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        runtimes = List.copyOf(runtimes);
        runtimesPath = List.copyOf(runtimesPath);
        probeTargets = List.copyOf(probeTargets);
    }

    /**
     * The configuration from settings given by key, over the defaults: for tests and for running an agent in
     * another program. The environment is not read.
     */
    public static AgentConfig of(Map<String, String> settings) throws ConfigException {
        Map<Setting, Sourced> values = new EnumMap<>(Setting.class);
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> Setting.byKey(key).ifPresentOrElse(
                setting -> values.put(setting, new Sourced(value, "given")),
                () -> problems.add(unknownKey("'" + key + "'", "the settings"))));
        return parse(values, Map.of(), problems);
    }

    /**
     * The configuration from flags (given by key: {@code --report-interval 5s} as {@code report.interval}), the
     * environment, and the properties file named by {@code --config} or {@code HELIOSTAT_AGENT_CONFIG}.
     */
    public static AgentConfig load(Map<String, String> flags, Optional<Path> configFile, Map<String, String> environment)
            throws ConfigException {
        Map<Setting, Sourced> values = new EnumMap<>(Setting.class);
        List<String> problems = new ArrayList<>();
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(environment.get(CONFIG_ENV)).map(Path::of));
        file.ifPresent(path -> readFile(path, values, problems));
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_ENV)) {
                Optional<Setting> setting = Arrays.stream(Setting.values()).filter(s -> s.environmentVariable().equals(name)).findFirst();
                setting.ifPresentOrElse(s -> values.put(s, new Sourced(value, "environment " + name)),
                        () -> problems.add(unknownKey("environment variable " + name, "the environment")));
            }
        });
        flags.forEach((key, value) -> Setting.byKey(key).ifPresent(s -> values.put(s, new Sourced(value, "flag " + s.flag()))));
        return parse(values, environment, problems);
    }

    private static void readFile(Path path, Map<Setting, Sourced> values, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("config file " + path + " cannot be read: " + e.getMessage());
            return;
        }
        for (String key : properties.stringPropertyNames()) {
            Setting.byKey(key).ifPresentOrElse(
                    setting -> values.put(setting, new Sourced(properties.getProperty(key).trim(), "file " + path)),
                    () -> problems.add(unknownKey("'" + key + "'", path.toString())));
        }
    }

    private static String unknownKey(String what, String where) {
        return what + " in " + where + " is not a setting; the settings are: "
                + Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
    }

    private static AgentConfig parse(Map<Setting, Sourced> given, Map<String, String> environment, List<String> problems)
            throws ConfigException {
        given.computeIfAbsent(Setting.NODE_ID, setting -> new Sourced(hostName(), "the host name"));
        Values values = new Values(given, problems);
        Uplink uplink = values.uplink();
        String nodeId = values.id(Setting.NODE_ID, values.text(Setting.NODE_ID).orElseThrow());
        String cluster = values.id(Setting.CLUSTER, values.text(Setting.CLUSTER).orElseThrow());
        Duration reportInterval = values.duration(Setting.REPORT_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1));
        double jitter = values.number(Setting.REPORT_JITTER, 0, 0.5);
        Path bufferDirectory = values.text(Setting.BUFFER_DIRECTORY).map(text -> values.path(Setting.BUFFER_DIRECTORY, text))
                .orElseGet(() -> Optional.ofNullable(environment.get("STATE_DIRECTORY"))
                        .map(dirs -> Path.of(dirs.split(":")[0])).orElse(Path.of("heliostat-agent-state")));
        int bufferMaxReports = values.integer(Setting.BUFFER_MAX_REPORTS, 2, 1_000_000);
        List<ProbeTarget> probes = values.probes(uplink);
        Duration probeTimeout = values.duration(Setting.PROBE_TIMEOUT, Duration.ofMillis(10), Duration.ofSeconds(10));
        Map<String, String> labels = values.labels();
        List<NodeTaint> taints = values.taints();
        List<String> runtimes = values.runtimes();
        List<Path> runtimesPath = Arrays.stream(values.text(Setting.RUNTIMES_PATH)
                        .orElseGet(() -> environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""))).split(":"))
                .filter(dir -> !dir.isBlank()).map(dir -> values.path(Setting.RUNTIMES_PATH, dir)).toList();
        double idle = values.number(Setting.POWER_IDLE_WATTS, 0, 100_000);
        double max = values.number(Setting.POWER_MAX_WATTS, 0, 100_000);
        if (max < idle) {
            values.reject(Setting.POWER_MAX_WATTS, "must be at least power.idle-watts (" + idle + ")");
        }
        double budget = values.number(Setting.POWER_BUDGET_WATTS, 0, 100_000);
        Optional<Duration> pollInterval = values.text(Setting.COMMANDS_POLL_INTERVAL).orElseThrow().equals("off") ? Optional.empty()
                : Optional.of(values.duration(Setting.COMMANDS_POLL_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1)));
        Duration commandTimeout = values.duration(Setting.WORKLOAD_COMMAND_TIMEOUT, Duration.ofMillis(100), Duration.ofHours(1));
        Duration httpTimeout = values.duration(Setting.HTTP_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration retryInitial = values.duration(Setting.RETRY_INITIAL_DELAY, Duration.ofMillis(10), Duration.ofHours(1));
        Duration retryMax = values.duration(Setting.RETRY_MAX_DELAY, Duration.ofMillis(10), Duration.ofHours(1));
        if (retryMax.compareTo(retryInitial) < 0) {
            values.reject(Setting.RETRY_MAX_DELAY, "must be at least retry.initial-delay (" + format(retryInitial) + ")");
        }
        String logLevel = values.oneOf(Setting.LOG_LEVEL, LOG_LEVELS);
        AgentConfig config = new AgentConfig(uplink, nodeId, cluster, reportInterval, jitter, bufferDirectory, bufferMaxReports,
                probes, probeTimeout, labels, taints, runtimes, runtimesPath, new PowerProfile(idle, max, budget),
                values.path(Setting.PROC_ROOT), values.path(Setting.SYS_ROOT), values.path(Setting.DISK_PATH), pollInterval,
                values.text(Setting.WORKLOAD_RUN_COMMAND).filter(text -> !text.isBlank()),
                values.text(Setting.WORKLOAD_STOP_COMMAND).filter(text -> !text.isBlank()), commandTimeout, httpTimeout,
                retryInitial, retryMax, logLevel);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Durations as the settings take them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601. */
    static Optional<Duration> parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        try {
            if (matcher.matches()) {
                double amount = Double.parseDouble(matcher.group(1));
                double millis = switch (matcher.group(2)) {
                    case "ms" -> amount;
                    case "s" -> amount * 1_000;
                    case "m" -> amount * 60_000;
                    default -> amount * 3_600_000;
                };
                return Optional.of(Duration.ofMillis(Math.round(millis)));
            }
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }

    private record Sourced(String value, String source) {
    }

    /** Reads typed values, adding a problem that names the key, the source and what is allowed for each bad one. */
    private static final class Values {

        private final Map<Setting, Sourced> given;
        private final List<String> problems;

        Values(Map<Setting, Sourced> given, List<String> problems) {
            this.given = given;
            this.problems = problems;
        }

        Optional<String> text(Setting setting) {
            return Optional.ofNullable(given.get(setting)).map(Sourced::value).or(setting::defaultValue);
        }

        void reject(Setting setting, String rule) {
            Sourced sourced = given.get(setting);
            String was = sourced == null ? "'" + text(setting).orElse("") + "' (the default)" : "'" + sourced.value() + "' (" + sourced.source() + ")";
            problems.add(setting.key() + " " + rule + "; was " + was);
        }

        Optional<String> given(Setting setting) {
            return text(setting).map(String::trim).filter(text -> !text.isEmpty());
        }

        Uplink uplink() {
            if (given(Setting.HONO_AMQP).isPresent()) {
                if (given(Setting.CONTROLLER).isPresent()) {
                    reject(Setting.CONTROLLER, "cannot be given with hono.amqp ('" + given(Setting.HONO_AMQP).get()
                            + "'): the agent reports over one of them, the controller's HTTP API or Hono");
                }
                return honoAdapter();
            }
            for (Setting hono : List.of(Setting.TENANT, Setting.DEVICE, Setting.PASSWORD_FILE)) {
                if (given(hono).isPresent()) {
                    reject(hono, "is for reporting through Hono, and hono.amqp is not given (flag " + Setting.HONO_AMQP.flag()
                            + ", environment " + Setting.HONO_AMQP.environmentVariable() + ")");
                }
            }
            return new Uplink.Controller(controller());
        }

        private Uplink.HonoAdapter honoAdapter() {
            URI uri = URI.create("amqps://unset.invalid");
            String rule = "must be amqps://host[:port] or amqp://host[:port] (the ports default to 5671 and 5672), such as"
                    + " amqps://hono.example:5671";
            try {
                uri = new URI(given(Setting.HONO_AMQP).orElseThrow());
                if (uri.getHost() == null || !List.of("amqp", "amqps").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
                        || uri.getUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                        || uri.getRawQuery() != null) {
                    reject(Setting.HONO_AMQP, rule + "; the credentials come from tenant, device and password-file");
                }
            } catch (URISyntaxException e) {
                reject(Setting.HONO_AMQP, rule + " (" + e.getReason() + ")");
            }
            if (!Transport.honoAvailable()) {
                problems.add(Transport.HONO_MISSING);
            }
            return new Uplink.HonoAdapter(uri, honoId(Setting.TENANT, "the Hono tenant of the device, such as DEFAULT_TENANT"),
                    honoId(Setting.DEVICE, "the auth-id of the device's credentials in Hono, such as gw-mad-1"), password());
        }

        private String honoId(Setting setting, String what) {
            Optional<String> value = given(setting);
            if (value.isEmpty()) {
                problems.add(setting.key() + " is required with hono.amqp: " + what + " (flag " + setting.flag() + ", environment "
                        + setting.environmentVariable() + ")");
                return "unset";
            }
            if (!HONO_ID.matcher(value.get()).matches()) {
                reject(setting, HONO_ID_RULE);
            }
            return value.get();
        }

        /** The first line of the password file, without surrounding blanks. */
        private String password() {
            Optional<String> file = given(Setting.PASSWORD_FILE);
            if (file.isEmpty()) {
                problems.add("password-file is required with hono.amqp: a file holding the device's password, readable by the"
                        + " agent alone (flag " + Setting.PASSWORD_FILE.flag() + ", environment "
                        + Setting.PASSWORD_FILE.environmentVariable() + ")");
                return "";
            }
            try (var lines = Files.lines(path(Setting.PASSWORD_FILE, file.get()))) {
                String password = lines.findFirst().orElse("").strip();
                if (password.isEmpty()) {
                    reject(Setting.PASSWORD_FILE, "must name a file with the device's password on its first line; that line is empty");
                }
                return password;
            } catch (IOException | UncheckedIOException e) {
                reject(Setting.PASSWORD_FILE, "must name a readable file with the device's password on its first line ("
                        + (e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e) + ")");
                return "";
            }
        }

        URI controller() {
            Optional<String> text = text(Setting.CONTROLLER);
            if (text.isEmpty() || text.get().isBlank()) {
                problems.add("controller is required: the controller's base URL, such as http://10.0.0.1:8080 (flag --controller,"
                        + " environment " + Setting.CONTROLLER.environmentVariable() + "); or report through Hono with hono.amqp,"
                        + " tenant, device and password-file");
                return URI.create("http://unset.invalid");
            }
            try {
                URI uri = new URI(text.get().trim());
                if (uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
                    reject(Setting.CONTROLLER, "must be an http:// or https:// URL with a host, such as http://10.0.0.1:8080");
                }
                return uri;
            } catch (URISyntaxException e) {
                reject(Setting.CONTROLLER, "must be an http:// or https:// URL (" + e.getReason() + ")");
                return URI.create("http://unset.invalid");
            }
        }

        String id(Setting setting, String value) {
            if (!Validator.isId(value)) {
                reject(setting, Validator.ID_RULE);
            }
            return value;
        }

        Duration duration(Setting setting, Duration min, Duration max) {
            String text = text(setting).orElseThrow();
            Optional<Duration> duration = parseDuration(text);
            if (duration.isEmpty() || duration.get().compareTo(min) < 0 || duration.get().compareTo(max) > 0) {
                reject(setting, "must be a duration from " + format(min) + " to " + format(max) + ", such as 500ms, 10s, 2m or PT1H");
                return min;
            }
            return duration.get();
        }

        double number(Setting setting, double min, double max) {
            return bounded(setting, min, max, false);
        }

        int integer(Setting setting, int min, int max) {
            return (int) bounded(setting, min, max, true);
        }

        private double bounded(Setting setting, double min, double max, boolean whole) {
            String text = text(setting).orElseThrow().trim();
            try {
                double value = whole ? Long.parseLong(text) : Double.parseDouble(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the allowed range
            }
            reject(setting, "must be " + (whole ? "a whole number" : "a number") + " from " + plain(min) + " to " + plain(max));
            return min;
        }

        String oneOf(Setting setting, List<String> allowed) {
            String text = text(setting).orElseThrow().trim().toUpperCase(Locale.ROOT);
            if (!allowed.contains(text)) {
                reject(setting, "must be one of " + String.join(", ", allowed));
                return allowed.get(0);
            }
            return text;
        }

        Path path(Setting setting) {
            return path(setting, text(setting).orElseThrow());
        }

        Path path(Setting setting, String text) {
            try {
                return Path.of(text.trim());
            } catch (InvalidPathException e) {
                reject(setting, "must be a file system path (" + e.getReason() + ")");
                return Path.of(".");
            }
        }

        List<ProbeTarget> probes(Uplink uplink) {
            List<ProbeTarget> probes = new ArrayList<>();
            for (String item : items(Setting.PROBE_TARGETS)) {
                if (item.equals("controller")) {
                    if (uplink.host() != null) {
                        probes.add(new ProbeTarget("controller", uplink.host(), uplink.port()));
                    }
                    continue;
                }
                String name = item.contains("=") ? item.substring(0, item.indexOf('=')) : item;
                String address = item.substring(item.indexOf('=') + 1);
                int colon = address.lastIndexOf(':');
                try {
                    int port = Integer.parseInt(address.substring(colon + 1));
                    if (colon <= 0 || port < 1 || port > 65_535 || name.isBlank()) {
                        throw new NumberFormatException();
                    }
                    probes.add(new ProbeTarget(name, address.substring(0, colon).replace("[", "").replace("]", ""), port));
                } catch (NumberFormatException e) {
                    reject(Setting.PROBE_TARGETS, "must list [name=]host:port with ports 1-65535, or 'controller'; '" + item + "' is not one");
                }
            }
            return probes;
        }

        Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            for (String item : items(Setting.LABELS)) {
                int equals = item.indexOf('=');
                if (equals <= 0) {
                    reject(Setting.LABELS, "must list key=value pairs; '" + item + "' has no key");
                    continue;
                }
                labels.put(item.substring(0, equals), item.substring(equals + 1));
            }
            Validator validator = Validator.root();
            validator.labels("labels", labels);
            validator.errors().forEach(error -> reject(Setting.LABELS, error.message()));
            return labels;
        }

        List<NodeTaint> taints() {
            List<NodeTaint> taints = new ArrayList<>();
            for (String item : items(Setting.TAINTS)) {
                Matcher matcher = TAINT.matcher(item);
                NodeTaint taint = matcher.matches() ? new NodeTaint(matcher.group(1), matcher.group(2), matcher.group(3)) : null;
                if (taint == null || !taint.validate().isEmpty()) {
                    reject(Setting.TAINTS, "must list key[=value]:effect with effect one of " + String.join(", ", NodeTaint.EFFECTS)
                            + "; '" + item + "' is not one");
                    continue;
                }
                taints.add(taint);
            }
            return taints;
        }

        List<String> runtimes() {
            List<String> runtimes = items(Setting.RUNTIMES);
            for (String runtime : runtimes) {
                if (!NodeReport.RUNTIMES.contains(runtime)) {
                    reject(Setting.RUNTIMES, "must list runtimes among " + String.join(", ", NodeReport.RUNTIMES) + "; '" + runtime
                            + "' is not one");
                }
            }
            return runtimes.stream().filter(NodeReport.RUNTIMES::contains).distinct().toList();
        }

        private List<String> items(Setting setting) {
            return Arrays.stream(text(setting).orElse("").split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
        }

        private static String plain(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
