package io.heliostat.controller.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class StructuralSchemaTest {

    static final YAMLMapper YAML = new YAMLMapper();

    private static StructuralSchema schema(String yaml) throws JsonProcessingException {
        return StructuralSchema.read("examples.heliostat.io", "spec", YAML.readTree(yaml));
    }

    private static List<String> errors(StructuralSchema schema, String yaml) throws JsonProcessingException {
        List<ResourceError> errors = new ArrayList<>();
        JsonNode value = YAML.readTree(yaml);
        schema.check(value, "spec", errors);
        return errors.stream().map(error -> error.field() + ": " + error.message()).toList();
    }

    @Test
    void aKeywordThatIsNotCheckedStopsTheLoadRatherThanGoUnchecked() {
        assertThatThrownBy(() -> schema("""
                type: object
                properties:
                  name: {type: string, minLength: 1}
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CRD examples.heliostat.io: the schema of spec.name uses 'minLength', which heliostat validate does "
                        + "not check; teach StructuralSchema it");
    }

    @Test
    void aRuleThatDoesNotCompileIsABugInTheCrdAndStopsTheLoad() {
        // 1 is an int and maxWatts a double: cel-go refuses the comparison when the API server compiles the CRD.
        assertThatThrownBy(() -> schema("""
                type: object
                properties:
                  maxWatts: {type: number}
                x-kubernetes-validations:
                  - rule: self.maxWatts >= 1
                    message: too little
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("CRD examples.heliostat.io: the rule at spec does not compile, and the API server "
                        + "would refuse the CRD: self.maxWatts >= 1")
                .hasMessageContaining("found no matching overload for '_>=_' applied to '(double, int)'");
    }

    @Test
    void aRuleThatNamesAFieldTheSchemaDoesNotHaveDoesNotCompile() {
        assertThatThrownBy(() -> schema("""
                type: object
                properties:
                  zone: {type: string}
                x-kubernetes-validations:
                  - rule: has(self.zones)
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("undefined field 'zones'");
    }

    @Test
    void aRuleFieldThatIsNotEvaluatedStopsTheLoad() {
        assertThatThrownBy(() -> schema("""
                type: object
                x-kubernetes-validations:
                  - rule: "true"
                    messageExpression: "'no'"
                """))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CRD examples.heliostat.io: a rule at spec uses 'messageExpression', which heliostat validate does "
                        + "not evaluate; teach CelRule it");
    }

    @Test
    void propertiesAreNamedInRulesAsTheApiServerEscapesThem() {
        assertThat(StructuralSchema.celName("zone")).contains("zone");
        assertThat(StructuralSchema.celName("namespace")).contains("__namespace__");
        assertThat(StructuralSchema.celName("grid-zone")).contains("grid__dash__zone");
        assertThat(StructuralSchema.celName("heliostat.io/edge")).contains("heliostat__dot__io__slash__edge");
        assertThat(StructuralSchema.celName("a__b")).contains("a__underscores__b");
        assertThat(StructuralSchema.celName("1st")).isEqualTo(Optional.empty());
        assertThat(StructuralSchema.celName("with blank")).isEqualTo(Optional.empty());
    }

    @Test
    void aRuleReadsAReservedWordPropertyByItsEscapedName() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  namespace: {type: string}
                x-kubernetes-validations:
                  - rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"
                    message: not in kube-system
                """);

        assertThat(errors(schema, "namespace: kube-system")).containsExactly("spec: not in kube-system");
        assertThat(errors(schema, "namespace: heliostat-system")).isEmpty();
        assertThat(errors(schema, "{}")).isEmpty();
    }

    @Test
    void aRuleSeesWhatPreserveUnknownFieldsKeepsNullsIncluded() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  template:
                    x-kubernetes-preserve-unknown-fields: true
                x-kubernetes-validations:
                  - rule: self.template.replicas == 3 && self.template.selector == null
                    message: three replicas, no selector
                """);

        assertThat(errors(schema, "template: {replicas: 3, selector: null, anything: [1, a]}")).isEmpty();
        assertThat(errors(schema, "template: {replicas: 2, selector: null}")).containsExactly("spec: three replicas, no selector");
    }

    @Test
    void aRuleThatCannotBeEvaluatedOnAValueSaysWhy() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  idleWatts: {type: number}
                  maxWatts: {type: number}
                x-kubernetes-validations:
                  - rule: self.maxWatts >= self.idleWatts
                """);

        assertThat(errors(schema, "idleWatts: 100")).singleElement().asString()
                .startsWith("spec: rule self.maxWatts >= self.idleWatts cannot be evaluated here: ")
                .contains("maxWatts");
    }

    @Test
    void aRuleWithoutAMessageSaysWhichRuleFailed() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  replicas: {type: integer}
                x-kubernetes-validations:
                  - rule: self.replicas % 2 == 1
                """);

        assertThat(errors(schema, "replicas: 4")).containsExactly("spec: failed rule: self.replicas % 2 == 1");
    }

    @Test
    void numbersAreReadAsKubectlSendsThem() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  replicas: {type: integer, minimum: 1}
                  share: {type: number, minimum: 0, exclusiveMinimum: true}
                """);

        assertThat(errors(schema, "{replicas: 3.0, share: 0.5}")).as("kubectl writes 3.0 as 3").isEmpty();
        assertThat(errors(schema, "{replicas: 2.5, share: 1e400}")).containsExactly(
                "spec.replicas: must be a whole number, was 2.5",
                "spec.share: must be a finite number, was Infinity");
        assertThat(errors(schema, "{replicas: 0, share: 0}")).containsExactly(
                "spec.replicas: must be at least 1, was 0",
                "spec.share: must be more than 0, was 0");
    }

    @Test
    void aNullFieldIsAbsentAsTheApiServerPrunesItSoARequiredOneIsMissing() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                required: [zone]
                properties:
                  zone: {type: string}
                  region: {type: string}
                """);

        assertThat(errors(schema, "{zone: null, region: null}")).containsExactly("spec.zone: is required");
    }

    @Test
    void unknownFieldsAreErrorsExceptUnderPreserveUnknownFields() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  zone: {type: string}
                  labels:
                    type: object
                    additionalProperties: {type: string}
                  template:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      kind: {type: string}
                """);

        assertThat(errors(schema, "{zone: DE, zones: [DE], labels: {a: b}, template: {kind: Job, spec: {}}}"))
                .containsExactly("spec.zones: is not a field here; the fields are labels, template, zone");
    }

    @Test
    void listsMapsAndTextLongerThanTheirBoundAreRefusedWithTheBoundAndTheSize() throws JsonProcessingException {
        StructuralSchema schema = schema("""
                type: object
                properties:
                  residency: {type: array, maxItems: 2, items: {type: string}}
                  shares: {type: object, maxProperties: 1, additionalProperties: {type: number}}
                  value: {type: string, maxLength: 3}
                """);

        assertThat(errors(schema, "{residency: [EU, EEA, DE], shares: {a: 1, b: 2}, value: abcd}")).containsExactly(
                "spec.residency: must have at most 2 items, had 3",
                "spec.shares: must have at most 1 entries, had 2",
                "spec.value: must have at most 3 characters, had 4");
        assertThat(errors(schema, "{residency: [EU, EEA], shares: {a: 1}, value: abc}")).isEmpty();
    }
}
