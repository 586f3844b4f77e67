package io.heliostat.api.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;

class MemberClusterSpecTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static MemberClusterSpec read(String json) throws Exception {
        return JSON.readValue(json, MemberClusterSpec.class);
    }

    @Test
    void a_member_needs_only_its_secret_zone_and_place_and_takes_the_documented_defaults() throws Exception {
        MemberClusterSpec spec = read("""
                {"kubeconfigSecret": {"name": "eu-west"}, "zone": "IE", "latitude": 53.3, "longitude": -6.3}
                """);

        assertThat(spec.validate()).isEmpty();
        assertThat(spec.kubeconfigSecret().key()).isEqualTo("kubeconfig");
        assertThat(spec.kubeconfigSecret().namespace()).isNull();
        assertThat(spec.edge()).isFalse();
        assertThat(spec.heartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.residency()).isEmpty();
        assertThat(spec.taints()).isEmpty();
    }

    @Test
    void every_bad_field_is_named_with_what_is_allowed() throws Exception {
        MemberClusterSpec spec = read("""
                {"kubeconfigSecret": {"namespace": "Heliostat", "name": "eu_west"}, "zone": "not a zone",
                 "residency": ["EU", ""], "latitude": 91, "taints": [{"key": "edge", "effect": "Never"}],
                 "nodePower": {"idleWatts": 200, "maxWatts": 100}, "heartbeatInterval": "PT0.5S"}
                """);

        assertThat(spec.validate()).extracting(FieldError::toString).containsExactly(
                "kubeconfigSecret.namespace: must be a namespace name (a DNS label), was 'Heliostat'",
                "kubeconfigSecret.name: must be a secret name (a DNS subdomain), was 'eu_west'",
                "zone: must be 1-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, was 'not a zone'",
                "residency[1]: is required",
                "latitude: must be between -90 and 90, was 91.0",
                "longitude: is required",
                "taints[0].effect: must be one of NoSchedule, PreferNoSchedule, NoExecute, was 'Never'",
                "nodePower.maxWatts: must be at least idleWatts (200.0), was 100.0",
                "heartbeatInterval: must be between PT1S and PT5M, was PT0.5S");
    }
}
