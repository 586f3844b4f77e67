package io.heliostat.controller;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The controller's own settings (keys {@code heliostat.*}); every key and its default is documented in
 * {@code application.properties}. Values come from that file, overridden by environment variables
 * ({@code HELIOSTAT_NODES_LOST_AFTER} for {@code heliostat.nodes.lost-after}) or system properties.
 * A bad value stops the controller at start with the key and what is allowed.
 *
 * @param clusterName       Hazelcast cluster name; members with another name do not join
 * @param memberPort        the port this member listens on for other members
 * @param members           other members' {@code host:port} (TCP-IP join); empty for a single member
 * @param kubernetesDiscovery find members through the Kubernetes API instead (in a pod)
 * @param kubernetesService the headless service whose endpoints are the members
 * @param backupCount       synchronous backups of each entry on other members (at least 1)
 * @param suspectAfter      a node with no report this long is Suspect
 * @param lostAfter         and this long is Lost: its workloads are placed elsewhere
 * @param sweepInterval     how often node ages are checked
 * @param reportInterval    how often agents report unless a command told them otherwise: the interval for which
 *                          suspectAfter and lostAfter are set
 * @param alternatives      alternatives returned with each replica decision
 * @param policyDirectory   the directory of PlacementPolicy YAML files, watched for changes
 * @param fleetFile         the fleet's clusters, nodes, zones and user locations (a problem file)
 * @param carbonRefresh     how often placement takes up the zones' newest carbon signals
 * @param reoptimisation    the background re-optimisation's own settings (the policy says when it is due)
 * @param commands          how many commands each node's log holds
 * @param telemetry         how node reports reach this member: HTTP, Eclipse Hono's Kafka northbound, or both
 * @param edgeActuation     how the leader runs and stops placed workloads on edge nodes
 * @param kubernetes        the hub cluster and its member clusters, when policies and workloads come from a hub
 */
public record ControllerSettings(String clusterName, int memberPort, List<String> members, boolean kubernetesDiscovery,
                                 String kubernetesService, int backupCount, Duration suspectAfter, Duration lostAfter,
                                 Duration sweepInterval, Duration reportInterval, int alternatives, Path policyDirectory,
                                 Path fleetFile, Duration carbonRefresh, Reoptimisation reoptimisation, Commands commands,
                                 Telemetry telemetry, EdgeActuation edgeActuation, Kubernetes kubernetes) {

    public static final String DEFAULT_CLUSTER_NAME = "heliostat";
    public static final int DEFAULT_MEMBER_PORT = 5801;
    public static final int DEFAULT_BACKUP_COUNT = 1;
    /** Kubernetes marks a node NotReady after 40 s without a status (node-monitor-grace-period). */
    public static final Duration DEFAULT_LOST_AFTER = Duration.ofSeconds(40);
    /** Two missed beats at the agents' default 10 s interval. */
    public static final Duration DEFAULT_SUSPECT_AFTER = Duration.ofSeconds(20);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(2);
    /** The edge agent's own default. */
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_ALTERNATIVES = 3;
    public static final Path DEFAULT_POLICY_DIRECTORY = Path.of("policies");
    public static final Path DEFAULT_FLEET_FILE = Path.of("fleet.json");
    public static final Duration DEFAULT_CARBON_REFRESH = Duration.ofMinutes(1);

    public ControllerSettings {
        members = List.copyOf(members);
        require(!clusterName.isBlank(), "heliostat.cluster.name", "must not be blank");
        require(memberPort >= 1 && memberPort <= 65535, "heliostat.cluster.port", "must be 1-65535, was " + memberPort);
        for (String member : members) {
            require(member.matches("^[^:\\s]+(:\\d{1,5})?$"), "heliostat.cluster.members",
                    "must be host or host:port separated by commas, was '" + member + "'");
        }
        require(backupCount >= 1 && backupCount <= 6, "heliostat.cluster.backup-count", "must be 1-6, was " + backupCount);
        require(positive(suspectAfter), "heliostat.nodes.suspect-after", "must be positive, was " + suspectAfter);
        require(lostAfter.compareTo(suspectAfter) > 0, "heliostat.nodes.lost-after",
                "must be longer than heliostat.nodes.suspect-after (" + suspectAfter + "), was " + lostAfter);
        require(positive(sweepInterval) && sweepInterval.compareTo(suspectAfter) <= 0, "heliostat.nodes.sweep-interval",
                "must be positive and at most heliostat.nodes.suspect-after (" + suspectAfter + "), was " + sweepInterval);
        require(positive(reportInterval) && reportInterval.compareTo(suspectAfter) < 0, "heliostat.nodes.report-interval",
                "must be positive and shorter than heliostat.nodes.suspect-after (" + suspectAfter
                        + "): every node would be Suspect between two reports; was " + reportInterval);
        require(positive(carbonRefresh), "heliostat.placement.carbon-refresh", "must be positive, was " + carbonRefresh);
        require(alternatives >= 0 && alternatives <= 20, "heliostat.placement.alternatives", "must be 0-20, was " + alternatives);
    }

    /**
     * @param enabled        whether this member takes part; the oldest member that does runs the rounds
     * @param checkInterval  how often the leader checks whether a round is due (the policy's interval and carbon
     *                       threshold say when one is)
     * @param timeLimit      how long one round's solve may take
     * @param retainedRounds finished rounds kept for GET /api/v1/reoptimisations
     */
    public record Reoptimisation(boolean enabled, Duration checkInterval, Duration timeLimit, int retainedRounds) {

        public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
        public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);
        public static final int DEFAULT_RETAINED_ROUNDS = 50;

        public Reoptimisation {
            require(positive(checkInterval) && checkInterval.compareTo(Duration.ofMinutes(10)) <= 0,
                    "heliostat.reoptimisation.check-interval", "must be positive and at most PT10M, was " + checkInterval);
            require(timeLimit.compareTo(Duration.ofMillis(100)) >= 0 && timeLimit.compareTo(Duration.ofHours(1)) <= 0,
                    "heliostat.reoptimisation.time-limit", "must be between PT0.1S and PT1H, was " + timeLimit);
            require(retainedRounds >= 1 && retainedRounds <= 10_000, "heliostat.reoptimisation.retained-rounds",
                    "must be 1-10000, was " + retainedRounds);
        }
    }

    /**
     * @param maxPending commands a node's agent has not answered yet, at most: one more is refused, none dropped
     * @param retained   answered commands kept per node; older ones are dropped, lowest sequence first
     */
    public record Commands(int maxPending, int retained) {

        public static final int DEFAULT_MAX_PENDING = 64;
        public static final int DEFAULT_RETAINED = 100;

        public Commands {
            require(maxPending >= 1 && maxPending <= 10_000, "heliostat.nodes.commands.max-pending",
                    "must be 1-10000, was " + maxPending);
            require(retained >= 1 && retained <= 10_000, "heliostat.nodes.commands.retained", "must be 1-10000, was " + retained);
        }
    }

    /** A way node reports reach the controller. */
    public enum Transport {
        /** {@code POST /api/v1/nodes/{id}/reports} and {@code POST /api/v1/reports}. */
        HTTP("http"),
        /** Eclipse Hono: the agents send telemetry to Hono's AMQP adapter; this member reads {@code hono.telemetry.<tenant>}. */
        HONO("hono");

        private final String key;

        Transport(String key) {
            this.key = key;
        }

        /** The name in {@code heliostat.telemetry.transports}. */
        public String key() {
            return key;
        }
    }

    /**
     * @param transports how node reports reach this member; the HTTP report endpoints answer 404 when HTTP is not one
     * @param hono       Hono's Kafka northbound, used when {@link Transport#HONO} is one of the transports
     */
    public record Telemetry(Set<Transport> transports, Hono hono) {

        public static final Set<Transport> DEFAULT_TRANSPORTS = Set.of(Transport.HTTP);

        public Telemetry {
            transports = Set.copyOf(transports);
            require(!transports.isEmpty(), "heliostat.telemetry.transports", "must name http, hono or both (http,hono)");
            if (transports.contains(Transport.HONO)) {
                require(!hono.bootstrapServers().isEmpty(), "heliostat.hono.kafka.bootstrap-servers",
                        "must name at least one host:port when heliostat.telemetry.transports includes hono");
                require(!hono.tenants().isEmpty(), "heliostat.hono.tenants",
                        "must name at least one tenant when heliostat.telemetry.transports includes hono");
            }
        }

        public static Telemetry ofDefaults() {
            return new Telemetry(DEFAULT_TRANSPORTS, Hono.ofDefaults());
        }

        public boolean accepts(Transport transport) {
            return transports.contains(transport);
        }

        static Telemetry from(Keys keys) {
            String key = "heliostat.telemetry.transports";
            Set<Transport> transports = EnumSet.noneOf(Transport.class);
            List<String> names = keys.list(key);
            for (String name : names) {
                transports.add(Arrays.stream(Transport.values()).filter(transport -> transport.key().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(key + " must be http, hono or http,hono, was '"
                                + String.join(",", names) + "' ('" + name + "' is not a transport)")));
            }
            Map<String, String> security = new TreeMap<>();
            for (String property : Hono.SECURITY_PROPERTIES) {
                keys.value(Hono.KAFKA_PREFIX + property).ifPresent(value -> security.put(property, value));
            }
            return new Telemetry(names.isEmpty() ? DEFAULT_TRANSPORTS : transports, new Hono(
                    keys.list("heliostat.hono.kafka.bootstrap-servers"),
                    keys.list("heliostat.hono.tenants"),
                    keys.text("heliostat.hono.kafka.group-id", Hono.DEFAULT_GROUP_ID),
                    keys.text("heliostat.hono.kafka.auto-offset-reset", Hono.DEFAULT_AUTO_OFFSET_RESET),
                    security,
                    keys.duration("heliostat.hono.command-timeout", Hono.DEFAULT_COMMAND_TIMEOUT)));
        }
    }

    /**
     * The controller's side of Eclipse Hono: an application client on Hono's Kafka cluster, reading
     * {@code hono.telemetry.<tenant>} and sending commands on {@code hono.command.<tenant>}.
     *
     * @param bootstrapServers the Kafka cluster Hono writes to, {@code host:port} each
     * @param tenants          the Hono tenants whose devices are nodes of this fleet
     * @param groupId          the consumer group of the telemetry consumers; every member uses the same one, so that
     *                         each record is applied by one member
     * @param autoOffsetReset  where a group with no committed offset starts: {@code latest} (reports from now on) or
     *                         {@code earliest} (every report Kafka still holds)
     * @param security         Kafka client security properties, by their Kafka names ({@link #SECURITY_PROPERTIES})
     * @param commandTimeout   how long a command waits for the device's response
     */
    public record Hono(List<String> bootstrapServers, List<String> tenants, String groupId, String autoOffsetReset,
                       Map<String, String> security, Duration commandTimeout) {

        public static final String DEFAULT_GROUP_ID = "heliostat-controller";
        public static final String DEFAULT_AUTO_OFFSET_RESET = "latest";
        /** Hono's own default for a command's response. */
        public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
        static final String KAFKA_PREFIX = "heliostat.hono.kafka.";
        /** The Kafka client properties passed through as {@code heliostat.hono.kafka.<name>}: SASL and TLS. */
        public static final List<String> SECURITY_PROPERTIES = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.type", "ssl.keystore.location",
                "ssl.keystore.password", "ssl.keystore.type", "ssl.key.password", "ssl.endpoint.identification.algorithm");
        static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
        /** Hono's tenant ids, within what a Kafka topic name ({@code hono.command_response.} and the id) may hold. */
        private static final Pattern TENANT = Pattern.compile("^[A-Za-z0-9._-]{1,200}$");
        private static final Pattern SERVER = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):\\d{1,5}$");

        public Hono {
            bootstrapServers = List.copyOf(bootstrapServers);
            tenants = List.copyOf(tenants);
            security = Map.copyOf(security);
            for (String server : bootstrapServers) {
                require(SERVER.matcher(server).matches(), "heliostat.hono.kafka.bootstrap-servers",
                        "must be host:port separated by commas, was '" + server + "'");
            }
            for (String tenant : tenants) {
                require(TENANT.matcher(tenant).matches(), "heliostat.hono.tenants",
                        "must be tenant ids of 1-200 letters, digits, '.', '_' or '-' separated by commas, was '" + tenant + "'");
            }
            require(tenants.stream().distinct().count() == tenants.size(), "heliostat.hono.tenants",
                    "must name each tenant once, was " + tenants);
            require(!groupId.isBlank(), "heliostat.hono.kafka.group-id", "must not be blank");
            require(autoOffsetReset.equals("latest") || autoOffsetReset.equals("earliest"), "heliostat.hono.kafka.auto-offset-reset",
                    "must be latest or earliest, was '" + autoOffsetReset + "'");
            for (String property : security.keySet()) {
                require(SECURITY_PROPERTIES.contains(property), KAFKA_PREFIX + property,
                        "is not a Kafka security property taken here; those are " + SECURITY_PROPERTIES);
            }
            String protocol = security.getOrDefault("security.protocol", "PLAINTEXT");
            require(SECURITY_PROTOCOLS.contains(protocol), KAFKA_PREFIX + "security.protocol",
                    "must be one of " + SECURITY_PROTOCOLS + ", was '" + protocol + "'");
            // Kafka ignores SASL settings without a SASL protocol and TLS stores without TLS: a connection that is not
            // what the operator meant, found only when the broker refuses it.
            for (String property : security.keySet()) {
                require(!property.startsWith("sasl.") || protocol.startsWith("SASL_"), KAFKA_PREFIX + property,
                        "needs " + KAFKA_PREFIX + "security.protocol SASL_PLAINTEXT or SASL_SSL, was " + protocol);
                require(!property.startsWith("ssl.") || protocol.endsWith("SSL"), KAFKA_PREFIX + property,
                        "needs " + KAFKA_PREFIX + "security.protocol SSL or SASL_SSL, was " + protocol);
            }
            require(commandTimeout.compareTo(Duration.ofMillis(100)) >= 0 && commandTimeout.compareTo(Duration.ofMinutes(10)) <= 0,
                    "heliostat.hono.command-timeout", "must be between PT0.1S and PT10M, was " + commandTimeout);
        }

        public static Hono ofDefaults() {
            return new Hono(List.of(), List.of(), DEFAULT_GROUP_ID, DEFAULT_AUTO_OFFSET_RESET, Map.of(), DEFAULT_COMMAND_TIMEOUT);
        }
    }

    /**
     * @param enabled         whether this member takes part; the oldest member that does runs the passes
     * @param interval        how often the leader compares what should run on the edge nodes with what it told them
     *                        (a change of the placements also starts a pass at once)
     * @param retryBackoff    how long after a failed run (or stop) it is tried again; doubled after each failure in a row
     * @param retryBackoffMax the longest wait between two tries, however many failed
     */
    public record EdgeActuation(boolean enabled, Duration interval, Duration retryBackoff, Duration retryBackoffMax) {

        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
        public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(10);
        public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofMinutes(5);

        public EdgeActuation {
            require(interval.compareTo(Duration.ofMillis(100)) >= 0 && interval.compareTo(Duration.ofMinutes(10)) <= 0,
                    "heliostat.actuation.edge.interval", "must be between PT0.1S and PT10M, was " + interval);
            require(retryBackoff.compareTo(Duration.ofMillis(100)) >= 0 && retryBackoff.compareTo(Duration.ofHours(1)) <= 0,
                    "heliostat.actuation.edge.retry-backoff", "must be between PT0.1S and PT1H, was " + retryBackoff);
            require(retryBackoffMax.compareTo(retryBackoff) >= 0 && retryBackoffMax.compareTo(Duration.ofDays(1)) <= 0,
                    "heliostat.actuation.edge.retry-backoff-max", "must be at least heliostat.actuation.edge.retry-backoff ("
                            + retryBackoff + ") and at most PT24H, was " + retryBackoffMax);
        }

        /** The wait after {@code failures} failed tries in a row (at least one): the back-off, doubled per failure, capped. */
        public Duration backoffAfter(int failures) {
            Duration wait = retryBackoff;
            for (int i = 1; i < failures && wait.compareTo(retryBackoffMax) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(retryBackoffMax) < 0 ? wait : retryBackoffMax;
        }
    }

    /**
     * @param hubEnabled    take policies, member clusters and federated workloads from a hub cluster; without it, policies
     *                      come from {@code heliostat.policies.directory} and there are no member clusters
     * @param hubKubeconfig the hub's kubeconfig file; empty for the pod's service account (or ~/.kube/config)
     * @param namespace     where member kubeconfig secrets are read when a MemberCluster names no namespace
     * @param fieldManager  the field manager of every object the controller applies to members and every status it writes
     * @param applyMode     server-side (server-side apply, the default) or update (create, else a JSON merge patch; for
     *                      API servers without server-side apply)
     * @param requestTimeout how long one request to the hub or a member may take; a member slower than this misses a beat
     * @param resync        how often every federated workload is compared with what its members run, besides the changes
     *                      that start a comparison at once
     */
    public record Kubernetes(boolean hubEnabled, Optional<Path> hubKubeconfig, String namespace, String fieldManager,
                             ApplyMode applyMode, Duration requestTimeout, Duration resync) {

        public static final String DEFAULT_NAMESPACE = "heliostat-system";
        public static final String DEFAULT_FIELD_MANAGER = "heliostat";
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(30);
        private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

        /** How objects reach member clusters. */
        public enum ApplyMode {
            SERVER_SIDE("server-side"), UPDATE("update");

            private final String key;

            ApplyMode(String key) {
                this.key = key;
            }

            public String key() {
                return key;
            }
        }

        public Kubernetes {
            require(DNS_LABEL.matcher(namespace).matches(), "heliostat.kubernetes.namespace",
                    "must be a namespace name (a DNS label), was '" + namespace + "'");
            require(fieldManager.matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"), "heliostat.kubernetes.field-manager",
                    "must be 1-128 letters, digits, '.', '_' or '-', was '" + fieldManager + "'");
            require(requestTimeout.compareTo(Duration.ofMillis(100)) >= 0 && requestTimeout.compareTo(Duration.ofMinutes(1)) <= 0,
                    "heliostat.kubernetes.request-timeout", "must be between PT0.1S and PT1M, was " + requestTimeout);
            require(resync.compareTo(Duration.ofSeconds(1)) >= 0 && resync.compareTo(Duration.ofHours(1)) <= 0,
                    "heliostat.kubernetes.resync", "must be between PT1S and PT1H, was " + resync);
        }

        public static Kubernetes ofDefaults() {
            return new Kubernetes(false, Optional.empty(), DEFAULT_NAMESPACE, DEFAULT_FIELD_MANAGER, ApplyMode.SERVER_SIDE,
                    DEFAULT_REQUEST_TIMEOUT, DEFAULT_RESYNC);
        }

        static Kubernetes from(Keys keys) {
            String modeKey = "heliostat.kubernetes.apply-mode";
            String mode = keys.text(modeKey, ApplyMode.SERVER_SIDE.key());
            return new Kubernetes(keys.bool("heliostat.kubernetes.hub.enabled", false),
                    keys.value("heliostat.kubernetes.hub.kubeconfig").map(text -> keys.path("heliostat.kubernetes.hub.kubeconfig", null)),
                    keys.text("heliostat.kubernetes.namespace", DEFAULT_NAMESPACE),
                    keys.text("heliostat.kubernetes.field-manager", DEFAULT_FIELD_MANAGER),
                    Arrays.stream(ApplyMode.values()).filter(value -> value.key().equals(mode)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(modeKey + " must be server-side or update, was '" + mode + "'")),
                    keys.duration("heliostat.kubernetes.request-timeout", DEFAULT_REQUEST_TIMEOUT),
                    keys.duration("heliostat.kubernetes.resync", DEFAULT_RESYNC));
        }
    }

    public static ControllerSettings ofDefaults() {
        return from(key -> null);
    }

    /** Reads every key through {@code property} (null when unset), defaults for the rest. */
    public static ControllerSettings from(Function<String, String> property) {
        Keys keys = new Keys(property);
        return new ControllerSettings(
                keys.text("heliostat.cluster.name", DEFAULT_CLUSTER_NAME),
                keys.integer("heliostat.cluster.port", DEFAULT_MEMBER_PORT),
                keys.list("heliostat.cluster.members"),
                keys.bool("heliostat.cluster.kubernetes.enabled", false),
                keys.text("heliostat.cluster.kubernetes.service", "heliostat-controller"),
                keys.integer("heliostat.cluster.backup-count", DEFAULT_BACKUP_COUNT),
                keys.duration("heliostat.nodes.suspect-after", DEFAULT_SUSPECT_AFTER),
                keys.duration("heliostat.nodes.lost-after", DEFAULT_LOST_AFTER),
                keys.duration("heliostat.nodes.sweep-interval", DEFAULT_SWEEP_INTERVAL),
                keys.duration("heliostat.nodes.report-interval", DEFAULT_REPORT_INTERVAL),
                keys.integer("heliostat.placement.alternatives", DEFAULT_ALTERNATIVES),
                keys.path("heliostat.policies.directory", DEFAULT_POLICY_DIRECTORY),
                keys.path("heliostat.fleet.file", DEFAULT_FLEET_FILE),
                keys.duration("heliostat.placement.carbon-refresh", DEFAULT_CARBON_REFRESH),
                new Reoptimisation(
                        keys.bool("heliostat.reoptimisation.enabled", true),
                        keys.duration("heliostat.reoptimisation.check-interval", Reoptimisation.DEFAULT_CHECK_INTERVAL),
                        keys.duration("heliostat.reoptimisation.time-limit", Reoptimisation.DEFAULT_TIME_LIMIT),
                        keys.integer("heliostat.reoptimisation.retained-rounds", Reoptimisation.DEFAULT_RETAINED_ROUNDS)),
                new Commands(
                        keys.integer("heliostat.nodes.commands.max-pending", Commands.DEFAULT_MAX_PENDING),
                        keys.integer("heliostat.nodes.commands.retained", Commands.DEFAULT_RETAINED)),
                Telemetry.from(keys),
                new EdgeActuation(
                        keys.bool("heliostat.actuation.edge.enabled", true),
                        keys.duration("heliostat.actuation.edge.interval", EdgeActuation.DEFAULT_INTERVAL),
                        keys.duration("heliostat.actuation.edge.retry-backoff", EdgeActuation.DEFAULT_RETRY_BACKOFF),
                        keys.duration("heliostat.actuation.edge.retry-backoff-max", EdgeActuation.DEFAULT_RETRY_BACKOFF_MAX)),
                Kubernetes.from(keys));
    }

    public ControllerSettings withMembers(int memberPort, List<String> members) {
        return new ControllerSettings(clusterName, memberPort, members, kubernetesDiscovery, kubernetesService, backupCount,
                suspectAfter, lostAfter, sweepInterval, reportInterval, alternatives, policyDirectory, fleetFile, carbonRefresh,
                reoptimisation, commands, telemetry, edgeActuation, kubernetes);
    }

    public ControllerSettings withFleetFile(Path fleetFile) {
        return new ControllerSettings(clusterName, memberPort, members, kubernetesDiscovery, kubernetesService, backupCount,
                suspectAfter, lostAfter, sweepInterval, reportInterval, alternatives, policyDirectory, fleetFile, carbonRefresh,
                reoptimisation, commands, telemetry, edgeActuation, kubernetes);
    }

    public ControllerSettings withPolicyDirectory(Path policyDirectory) {
        return new ControllerSettings(clusterName, memberPort, members, kubernetesDiscovery, kubernetesService, backupCount,
                suspectAfter, lostAfter, sweepInterval, reportInterval, alternatives, policyDirectory, fleetFile, carbonRefresh,
                reoptimisation, commands, telemetry, edgeActuation, kubernetes);
    }

    public ControllerSettings withKubernetes(Kubernetes kubernetes) {
        return new ControllerSettings(clusterName, memberPort, members, kubernetesDiscovery, kubernetesService, backupCount,
                suspectAfter, lostAfter, sweepInterval, reportInterval, alternatives, policyDirectory, fleetFile, carbonRefresh,
                reoptimisation, commands, telemetry, edgeActuation, kubernetes);
    }

    public ControllerSettings withReoptimisation(Reoptimisation reoptimisation) {
        return new ControllerSettings(clusterName, memberPort, members, kubernetesDiscovery, kubernetesService, backupCount,
                suspectAfter, lostAfter, sweepInterval, reportInterval, alternatives, policyDirectory, fleetFile, carbonRefresh,
                reoptimisation, commands, telemetry, edgeActuation, kubernetes);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String key, String message) {
        if (!condition) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }

    /** Parses one key at a time, naming it when its value is not of the right type. */
    private record Keys(Function<String, String> property) {

        Optional<String> value(String key) {
            return Optional.ofNullable(property.apply(key)).map(String::trim).filter(value -> !value.isEmpty());
        }

        String text(String key, String fallback) {
            return value(key).orElse(fallback);
        }

        int integer(String key, int fallback) {
            return value(key).map(text -> {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'");
                }
            }).orElse(fallback);
        }

        boolean bool(String key, boolean fallback) {
            return value(key).map(text -> switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
            }).orElse(fallback);
        }

        Duration duration(String key, Duration fallback) {
            return value(key).map(text -> {
                try {
                    return Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT10S or PT5M, was '" + text + "'");
                }
            }).orElse(fallback);
        }

        Path path(String key, Path fallback) {
            return value(key).map(text -> {
                try {
                    return Path.of(text);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException(key + " must be a file system path, was '" + text + "'");
                }
            }).orElse(fallback);
        }

        List<String> list(String key) {
            return value(key).map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
        }
    }
}
