package io.heliostat.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.heliostat.controller.ControllerSettings.Transport;

/** The telemetry transports and the Hono northbound's settings: defaults, and each bad value refused naming its key. */
class TelemetrySettingsTest {

    private static final Map<String, String> HONO = Map.of(
            "heliostat.telemetry.transports", "http,hono",
            "heliostat.hono.kafka.bootstrap-servers", "kafka-0.hono:9092, kafka-1.hono:9092",
            "heliostat.hono.tenants", "fleet-a,fleet-b");

    @Test
    void telemetry_comes_over_http_only_unless_told_otherwise() {
        ControllerSettings.Telemetry telemetry = ControllerSettings.ofDefaults().telemetry();

        assertThat(telemetry.transports()).containsExactly(Transport.HTTP);
        assertThat(telemetry.hono().groupId()).isEqualTo("heliostat-controller");
        assertThat(telemetry.hono().autoOffsetReset()).isEqualTo("latest");
        assertThat(telemetry.hono().commandTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void hono_settings_are_read_with_their_lists_trimmed_and_security_passed_through_by_kafka_name() {
        ControllerSettings.Telemetry telemetry = settings(with(HONO, Map.of(
                "heliostat.hono.kafka.security.protocol", "SASL_SSL",
                "heliostat.hono.kafka.sasl.mechanism", "SCRAM-SHA-512",
                "heliostat.hono.kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "heliostat.hono.kafka.ssl.truststore.location", "/etc/hono/truststore.p12",
                "heliostat.hono.kafka.ssl.keystore.password", "",
                "heliostat.hono.command-timeout", "PT30S"))).telemetry();

        assertThat(telemetry.transports()).isEqualTo(Set.of(Transport.HTTP, Transport.HONO));
        assertThat(telemetry.hono().bootstrapServers()).containsExactly("kafka-0.hono:9092", "kafka-1.hono:9092");
        assertThat(telemetry.hono().tenants()).containsExactly("fleet-a", "fleet-b");
        assertThat(telemetry.hono().security()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(telemetry.hono().commandTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void each_bad_value_stops_the_start_naming_its_key_and_what_is_allowed() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("heliostat.telemetry.transports", "http,amqp"),
                "heliostat.telemetry.transports must be http, hono or http,hono, was 'http,amqp' ('amqp' is not a transport)",
                Map.of("heliostat.telemetry.transports", "hono", "heliostat.hono.tenants", "fleet-a"),
                "heliostat.hono.kafka.bootstrap-servers must name at least one host:port",
                Map.of("heliostat.telemetry.transports", "hono", "heliostat.hono.kafka.bootstrap-servers", "kafka:9092"),
                "heliostat.hono.tenants must name at least one tenant",
                Map.of("heliostat.hono.kafka.bootstrap-servers", "kafka"),
                "heliostat.hono.kafka.bootstrap-servers must be host:port separated by commas, was 'kafka'",
                Map.of("heliostat.hono.tenants", "fleet a"),
                "heliostat.hono.tenants must be tenant ids of 1-200 letters, digits, '.', '_' or '-'",
                Map.of("heliostat.hono.tenants", "fleet-a,fleet-a"),
                "heliostat.hono.tenants must name each tenant once",
                Map.of("heliostat.hono.kafka.auto-offset-reset", "none"),
                "heliostat.hono.kafka.auto-offset-reset must be latest or earliest, was 'none'",
                Map.of("heliostat.hono.kafka.security.protocol", "TLS"),
                "heliostat.hono.kafka.security.protocol must be one of [PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL], was 'TLS'",
                Map.of("heliostat.hono.kafka.security.protocol", "SSL", "heliostat.hono.kafka.sasl.mechanism", "PLAIN"),
                "heliostat.hono.kafka.sasl.mechanism needs heliostat.hono.kafka.security.protocol SASL_PLAINTEXT or SASL_SSL, was SSL",
                Map.of("heliostat.hono.command-timeout", "PT0S"),
                "heliostat.hono.command-timeout must be between PT0.1S and PT10M, was PT0S");
        cases.forEach((properties, message) -> assertThatThrownBy(() -> settings(properties))
                .as(properties.toString())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message));
    }

    @Test
    void a_truststore_without_tls_is_refused_rather_than_ignored_by_kafka() {
        assertThatThrownBy(() -> settings(with(HONO, Map.of("heliostat.hono.kafka.ssl.truststore.location", "/etc/ts.p12"))))
                .hasMessage("heliostat.hono.kafka.ssl.truststore.location needs heliostat.hono.kafka.security.protocol SSL or SASL_SSL, "
                        + "was PLAINTEXT");
    }

    private static ControllerSettings settings(Map<String, String> properties) {
        return ControllerSettings.from(properties::get);
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }
}
