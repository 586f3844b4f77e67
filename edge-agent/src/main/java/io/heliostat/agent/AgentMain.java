package io.heliostat.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import io.heliostat.agent.link.Json;
import io.heliostat.agent.log.Log;

/**
 * {@code java -jar heliostat-edge-agent.jar --controller URL [--config FILE] [--key value ...]}, or with
 * heliostat-edge-agent-hono.jar {@code --hono-amqp amqps://host:5671 --tenant T --device D --password-file F}: runs
 * the agent until it is stopped (SIGTERM). {@code --print-report} prints the report this node would send and exits;
 * {@code --help} lists every setting. Exit code 2: the configuration is wrong, and every problem is named.
 */
public final class AgentMain {

    static final int BAD_CONFIGURATION = 2;
    static final int CANNOT_RUN = 1;

    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the agent; returns only when it stops or cannot start, with the exit code. */
    static int run(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<Path> configFile = Optional.empty();
        boolean printReport = false;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (name.equals("--help")) {
                System.out.println(usage());
                return 0;
            }
            if (name.equals("--print-report")) {
                printReport = true;
                continue;
            }
            String value = inline != null ? inline : i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                problems.add(name + " needs a value");
            } else if (name.equals(AgentConfig.CONFIG_FLAG)) {
                configFile = Optional.of(Path.of(value));
            } else {
                String flag = name;
                Optional<Setting> setting = Arrays.stream(Setting.values()).filter(s -> s.flag().equals(flag)).findFirst();
                setting.ifPresentOrElse(s -> flags.put(s.key(), value),
                        () -> problems.add("unknown option '" + flag + "'; the options are --config FILE, --print-report, --help and "
                                + Arrays.stream(Setting.values()).map(Setting::flag).collect(Collectors.joining(", "))));
            }
        }
        AgentConfig config = null;
        try {
            config = AgentConfig.load(flags, configFile, System.getenv());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            System.err.println("heliostat-edge-agent: cannot start, the configuration is wrong:");
            problems.forEach(problem -> System.err.println("  " + problem));
            System.err.println("(--help lists every setting)");
            return BAD_CONFIGURATION;
        }
        Log.threshold(Log.Level.valueOf(config.logLevel()));
        try {
            if (printReport) {
                System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                        EdgeAgent.report(config, EdgeAgent.sampler(config), 0, false)));
                return 0;
            }
            EdgeAgent agent = EdgeAgent.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                AgentStatus status = agent.status();
                Log.info("agent stopped at sequence " + status.lastSequence() + ", " + status.buffered() + " reports buffered");
                stopped.countDown();
            }, "heliostat-shutdown"));
            stopped.await();
            return 0;
        } catch (IOException e) {
            System.err.println("heliostat-edge-agent: cannot start: " + e.getMessage());
            return CANNOT_RUN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("""
                Usage: java -jar heliostat-edge-agent.jar --controller URL [--config FILE] [--<setting> VALUE ...]
                       java -jar heliostat-edge-agent-hono.jar --hono-amqp amqps://HOST:5671 --tenant TENANT --device AUTH-ID
                                 --password-file FILE [...]   report through an Eclipse Hono AMQP adapter instead
                       java -jar heliostat-edge-agent.jar --print-report [...]   print the report this node would send, and exit

                Each setting comes from its flag, else its environment variable, else the properties file (--config FILE,
                or HELIOSTAT_AGENT_CONFIG), else its default.

                """);
        for (Setting setting : Setting.values()) {
            usage.append(String.format("  %-28s %-40s %s%n", setting.flag(), setting.environmentVariable(),
                    setting.defaultValue().map(value -> "[" + (value.isEmpty() ? "none" : value) + "]").orElse("")));
            usage.append("      ").append(setting.key()).append(": ").append(setting.help()).append(System.lineSeparator());
        }
        return usage.toString();
    }
}
