package io.heliostat.api.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.heliostat.api.FieldError;
import io.heliostat.api.Validator;
import io.heliostat.api.placement.SpreadSpec;
import io.heliostat.api.placement.TolerationSpec;

class PlacementPolicySpecTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static PlacementPolicySpec read(String json) throws Exception {
        return JSON.readValue(json, PlacementPolicySpec.class);
    }

    @Test
    void an_empty_spec_takes_every_documented_default() throws Exception {
        PlacementPolicySpec spec = read("{}");

        assertThat(spec).isEqualTo(PlacementPolicySpec.ofDefaults());
        assertThat(spec.validate()).isEmpty();
        assertThat(spec.weights().carbon()).isEqualTo(1.0);
        assertThat(spec.weights().latencyGramsPerMs()).isEqualTo(0.2);
        assertThat(spec.weights().headroomTarget()).isEqualTo(0.85);
        assertThat(spec.signalKind()).isEqualTo("average");
        assertThat(spec.hardRules().minIsolation()).isEqualTo("container");
        assertThat(spec.hardRules().spread()).isNull();
        assertThat(spec.reoptimisation().intervalDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.reoptimisation().carbonChangeThreshold()).isEqualTo(0.15);
        assertThat(spec.reoptimisation().maxMovesPerCluster()).isEqualTo(20);
        assertThat(spec.migrationMode()).isEqualTo("penalise");
        assertThat(spec.staleSignal()).isEqualTo("last-known");
        assertThat(spec.tenantShares()).isEmpty();
    }

    @Test
    void a_full_spec_is_valid_and_reads_back_as_written() throws Exception {
        PlacementPolicySpec spec = new PlacementPolicySpec(
                new ObjectiveWeights(2.0, 5.0, 0.0, 50.0, 0.7, 1.0, 20.0, 0.8, 0.2), "marginal",
                new HardRules(List.of("EU"), List.of("gvisor", "kata"), "user-space-kernel", new SpreadSpec("cluster", 2)),
                Map.of("acme", 3.0, "globex", 1.0), new ReoptimisationSpec("PT15M", 0.3, 5), "pin", "worst-case",
                Map.of("heliostat.io/tier", "batch"), List.of(new TolerationSpec("edge", "Exists", null, "NoSchedule")));

        assertThat(spec.validate()).isEmpty();
        assertThat(read(JSON.writeValueAsString(spec))).isEqualTo(spec);
    }

    @Test
    void every_bad_field_is_named_with_what_is_allowed() throws Exception {
        PlacementPolicySpec spec = read("""
                {"weights": {"carbon": -1, "headroomTarget": 0, "latencyGramsPerMs": 1e300},
                 "signalKind": "moer",
                 "hardRules": {"residency": ["EU", "not an id"], "allowedRuntimes": ["docker"],
                               "minIsolation": "vm", "spread": {"topologyKey": "rack"}},
                 "tenantShares": {"acme": 0},
                 "reoptimisation": {"interval": "5m", "carbonChangeThreshold": 15, "maxMovesPerCluster": 0},
                 "migrationMode": "freeze", "staleSignal": "zero",
                 "tolerations": [{"operator": "Sometimes"}]}
                """);

        List<FieldError> errors = spec.validate();

        assertThat(errors).extracting(FieldError::field).containsExactly(
                "weights.carbon", "weights.latencyGramsPerMs", "weights.headroomTarget", "signalKind",
                "hardRules.residency[1]", "hardRules.allowedRuntimes[0]", "hardRules.minIsolation",
                "hardRules.spread.topologyKey", "hardRules.spread.minDomains", "tenantShares.acme",
                "reoptimisation.interval", "reoptimisation.carbonChangeThreshold", "reoptimisation.maxMovesPerCluster",
                "migrationMode", "staleSignal", "tolerations[0].operator", "tolerations[0].key");
        assertThat(errors).extracting(FieldError::toString).contains(
                "weights.carbon: must be between 0 and 1000000, was -1.0",
                "weights.headroomTarget: must be more than 0 and at most 1, was 0.0",
                "signalKind: must be one of average, marginal, was 'moer'",
                "tenantShares.acme: must be more than 0 and at most 1000000000, was 0.0",
                "reoptimisation.interval: must be an ISO-8601 duration such as PT30S, PT5M or PT1H, was '5m'",
                "reoptimisation.carbonChangeThreshold: must be more than 0 and at most 10, was 15.0",
                "reoptimisation.maxMovesPerCluster: must be >= 1, was 0",
                "staleSignal: must be one of last-known, seasonal, worst-case, was 'zero'");
    }

    @ParameterizedTest(name = "interval {0} is allowed: {1}")
    @CsvSource({"PT10S, true", "PT9S, false", "PT5M, true", "P1D, true", "PT24H, true", "PT24H1S, false",
            "-PT5M, false", "300, false"})
    void the_reoptimisation_interval_lies_between_ten_seconds_and_a_day(String interval, boolean allowed) {
        List<FieldError> errors = new ReoptimisationSpec(interval, null, null).validate();

        assertThat(errors.isEmpty()).isEqualTo(allowed);
    }

    @Test
    void an_interval_out_of_range_says_the_range() {
        assertThat(new ReoptimisationSpec("PT2S", null, null).validate()).extracting(FieldError::toString)
                .containsExactly("interval: must be between PT10S and PT24H, was PT2S");
    }

    @Test
    void tenant_shares_in_any_unit_are_normalised_in_the_order_given() throws Exception {
        PlacementPolicySpec spec = read("{\"tenantShares\": {\"globex\": 300, \"acme\": 100}}");

        assertThat(spec.validate()).isEmpty();
        assertThat(spec.normalisedTenantShares()).containsExactly(Map.entry("globex", 0.75), Map.entry("acme", 0.25));
    }

    @Test
    void empty_items_are_reported_at_their_path_rather_than_failing_to_bind() throws Exception {
        PlacementPolicySpec spec = read("""
                {"hardRules": {"residency": [null], "allowedRuntimes": [null]},
                 "tenantShares": {"acme": null}, "tolerations": [null]}
                """);

        assertThat(spec.validate()).extracting(FieldError::toString).containsExactly(
                "hardRules.residency[0]: is required", "hardRules.allowedRuntimes[0]: is required",
                "tenantShares.acme: is required", "tolerations[0]: is required");
    }

    @Test
    void a_document_has_the_exact_api_version_and_kind_and_a_name_that_is_an_id() throws Exception {
        PlacementPolicyDocument document = JSON.readValue("""
                {"apiVersion": "heliostat.io/v1", "kind": "Policy", "metadata": {"name": "green batch"},
                 "spec": {"signalKind": "moer"}}
                """, PlacementPolicyDocument.class);

        assertThat(document.validate()).extracting(FieldError::toString).containsExactly(
                "apiVersion: must be heliostat.io/v1alpha1, was 'heliostat.io/v1'",
                "kind: must be PlacementPolicy, was 'Policy'",
                "metadata.name: " + Validator.ID_RULE + ", was 'green batch'",
                "spec.signalKind: must be one of average, marginal, was 'moer'");
    }

    @Test
    void a_document_without_metadata_or_spec_says_so() throws Exception {
        PlacementPolicyDocument document = JSON.readValue(
                "{\"apiVersion\": \"heliostat.io/v1alpha1\", \"kind\": \"PlacementPolicy\"}", PlacementPolicyDocument.class);

        assertThat(document.validate()).extracting(FieldError::toString)
                .containsExactly("metadata: is required", "spec: is required");
    }

    @Test
    void workloadsUnderSeveralPoliciesAreReoptimisedByTheStrictestOfEachTrigger() {
        ReoptimisationSpec strictest = ReoptimisationSpec.strictest(List.of(
                new ReoptimisationSpec("PT15M", 0.5, 5),
                new ReoptimisationSpec("PT2M", 0.3, 20),
                new ReoptimisationSpec("PT1H", 0.1, 10)));

        assertThat(strictest).isEqualTo(new ReoptimisationSpec("PT2M", 0.1, 5));
        assertThat(ReoptimisationSpec.strictest(List.of(ReoptimisationSpec.ofDefaults()))).isEqualTo(ReoptimisationSpec.ofDefaults());
    }

    @Test
    void micro_vm_isolation_needs_a_micro_vm_runtime_among_those_allowed() {
        assertThat(new HardRules(null, List.of("runc", "gvisor"), "micro-vm", null).validate())
                .extracting(FieldError::toString)
                .containsExactly("minIsolation: minIsolation micro-vm needs kata or firecracker among allowedRuntimes, was [runc, gvisor]");
        assertThat(new HardRules(null, List.of("runc", "kata"), "micro-vm", null).validate()).isEmpty();
        assertThat(new HardRules(null, null, "micro-vm", null).validate()).isEmpty();
    }
}
