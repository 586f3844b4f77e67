package io.heliostat.api.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import io.heliostat.api.FieldError;

class FederatedWorkloadSpecTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static FederatedWorkloadSpec read(String json) throws Exception {
        return JSON.readValue(json, FederatedWorkloadSpec.class);
    }

    @Test
    void an_inline_deployment_is_divided_dynamically_by_default() throws Exception {
        FederatedWorkloadSpec spec = read("""
                {"template": {"kind": "Deployment", "spec": {"replicas": 3, "template": {"spec": {"containers": []}}}}}
                """);

        assertThat(spec.validate()).isEmpty();
        assertThat(spec.division().type()).isEqualTo("Dynamic");
        assertThat(spec.kind()).contains("Deployment");
        assertThat(spec.template().spec().path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void exactly_one_of_template_and_reference_is_given() throws Exception {
        assertThat(read("{}").validate()).extracting(FieldError::toString)
                .containsExactly("template: exactly one of template and templateRef must be set");
        assertThat(read("""
                {"template": {"kind": "Job", "spec": {"template": {}}}, "templateRef": {"kind": "Job", "name": "etl"},
                 "placement": {"duration": "PT1H", "deadline": "2026-11-23T06:00:00Z"}}
                """).validate()).extracting(FieldError::toString)
                .containsExactly("template: exactly one of template and templateRef must be set");
    }

    @Test
    void a_job_is_placed_in_time_and_a_deployment_is_not() throws Exception {
        assertThat(read("{\"templateRef\": {\"kind\": \"Job\", \"name\": \"etl\"}}").validate())
                .extracting(FieldError::toString)
                .containsExactly("placement.duration: is required", "placement.deadline: is required");
        assertThat(read("{\"templateRef\": {\"kind\": \"Deployment\", \"name\": \"web\"}, \"placement\": {\"deadline\": \"2026-11-23T06:00:00Z\"}}")
                .validate()).extracting(FieldError::toString)
                .containsExactly("placement.deadline: applies to Jobs only; the template is a Deployment");
    }

    @Test
    void weighted_and_duplicated_divisions_list_their_clusters_once_and_dynamic_lists_none() throws Exception {
        assertThat(read("{\"templateRef\": {\"kind\": \"Deployment\", \"name\": \"web\"}, \"division\": {\"type\": \"Weighted\"}}")
                .validate()).extracting(FieldError::toString)
                .containsExactly("division.clusters: must list at least one member cluster for Weighted");
        assertThat(read("""
                {"templateRef": {"kind": "Deployment", "name": "web"},
                 "division": {"type": "Duplicated", "clusters": [{"name": "eu-west"}, {"name": "eu-west", "weight": 0}]}}
                """).validate()).extracting(FieldError::toString)
                .containsExactly("division.clusters[1].weight: must be between 1 and 1000, was 0",
                        "division.clusters: must name each member cluster once");
        assertThat(read("""
                {"templateRef": {"kind": "Deployment", "name": "web"}, "division": {"clusters": [{"name": "eu-west"}]}}
                """).validate()).extracting(FieldError::toString)
                .containsExactly("division.clusters: must be empty for Dynamic: the solver chooses the clusters");
    }

    @Test
    void placement_rules_use_the_placement_request_vocabulary_and_its_checks() throws Exception {
        assertThat(read("""
                {"templateRef": {"kind": "Deployment", "name": "Web"}, "replicas": 0,
                 "placement": {"policy": "green batch", "sandbox": {"runtime": "wasm"}, "latencySloMs": -1,
                               "spread": {"topologyKey": "rack", "minDomains": 2}}}
                """).validate()).extracting(FieldError::field).containsExactly(
                "templateRef.name", "replicas", "placement.policy", "placement.sandbox.runtime", "placement.latencySloMs",
                "placement.spread.topologyKey");
    }

    @Test
    void the_owner_label_is_namespace_dot_name_and_a_hashed_cut_where_that_is_too_long_for_a_label() {
        assertThat(FederatedWorkload.ownerLabelValue("shop", "web")).isEqualTo("shop.web");
        String longName = "recommendations-model-serving-with-a-very-long-descriptive-name";
        String label = FederatedWorkload.ownerLabelValue("shop", longName);
        assertThat(label).hasSizeLessThanOrEqualTo(63).matches("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$").startsWith("shop.recommendations");
        assertThat(FederatedWorkload.ownerLabelValue("shop", longName + "-2")).as("its own label").isNotEqualTo(label);
    }
}
