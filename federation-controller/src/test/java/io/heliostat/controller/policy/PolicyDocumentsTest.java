package io.heliostat.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyDocumentsTest {

    static final String HEADER = """
            apiVersion: heliostat.io/v1alpha1
            kind: PlacementPolicy
            """;

    @TempDir
    Path directory;

    private Path write(String text) throws IOException {
        return Files.writeString(directory.resolve("policies.yaml"), text);
    }

    private List<PolicyFileError> errorsOf(String text) throws IOException {
        Path file = write(text);
        return catchThrowableOfType(PolicyFileException.class, () -> PolicyDocuments.read(file)).errors();
    }

    @Test
    void readsEveryDocumentOfAFileWithTheLineOfItsName() throws IOException {
        Path file = write(HEADER + """
                metadata:
                  name: latency-first
                spec:
                  weights:
                    latencyGramsPerMs: 5
                ---
                # The second document.
                """ + HEADER + """
                metadata:
                  name: green-batch
                spec:
                  signalKind: marginal
                ---
                """);

        List<PolicyDefinition> policies = PolicyDocuments.read(file);

        assertThat(policies).extracting(PolicyDefinition::name).containsExactly("latency-first", "green-batch");
        assertThat(policies).extracting(PolicyDefinition::line).containsExactly(4, 13);
        assertThat(policies.get(0).spec().weights().latencyGramsPerMs()).isEqualTo(5.0);
        assertThat(policies.get(1).spec().signalKind()).isEqualTo("marginal");
        assertThat(policies).allSatisfy(policy -> assertThat(policy.file()).isEqualTo(file));
    }

    /** One mistake in an otherwise valid policy, and the error it must give. */
    record Case(String name, String spec, int line, int column, String field, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> mistakes() {
        // The spec starts on line 6, after the header and metadata.
        return Stream.of(
                new Case("a key indented wrongly is pointed at", """
                          weights:
                            carbon: 1
                           latencyGramsPerMs: 2
                        """, 8, 4, "", "is not valid YAML: expected <block end>, but found '<block mapping start>' "
                        + "(while parsing a block mapping started on line 6)"),
                new Case("a second colon on a line is pointed at", """
                          signalKind: average: marginal
                        """, 6, 22, "", "is not valid YAML: mapping values are not allowed here"),
                new Case("an unclosed list says where it started", """
                          hardRules:
                            residency: [EU, CH
                          signalKind: average
                        """, 8, 13, "", "is not valid YAML: expected ',' or ']', but got : "
                        + "(while parsing a flow sequence started on line 7)"),
                new Case("an unknown field is named with the fields allowed there", """
                          reoptimisation:
                            intervall: PT1M
                        """, 7, 5, "spec.reoptimisation.intervall",
                        "is not a field here; the fields are carbonChangeThreshold, interval, maxMovesPerCluster"),
                new Case("a value out of range names the range", """
                          reoptimisation:
                            carbonChangeThreshold: 15
                        """, 7, 5, "spec.reoptimisation.carbonChangeThreshold",
                        "must be more than 0 and at most 10, was 15.0"),
                new Case("text for a number says a number is expected", """
                          weights:
                            carbon: lots
                        """, 7, 5, "spec.weights.carbon", "must be a number, was 'lots'"),
                new Case("a fraction for a whole number is an error, not cut", """
                          reoptimisation:
                            maxMovesPerCluster: 2.5
                        """, 7, 5, "spec.reoptimisation.maxMovesPerCluster", "must be a whole number, was 2.5"),
                new Case("a list where a mapping belongs is named", """
                          weights: [1, 2]
                        """, 6, 3, "spec.weights", "must be a mapping of fields, was a list"),
                new Case("a word outside the vocabulary lists the words", """
                          staleSignal: zero
                        """, 6, 3, "spec.staleSignal", "must be one of last-known, seasonal, worst-case, was 'zero'"),
                new Case("a required field left out is reported where its mapping is", """
                          hardRules:
                            spread:
                              topologyKey: cluster
                        """, 7, 5, "spec.hardRules.spread.minDomains", "is required"),
                new Case("a bad list item is reported at the item", """
                          tolerations:
                            - key: edge
                              operator: Exists
                            - key: gpu
                              effect: Always
                        """, 10, 7, "spec.tolerations[1].effect",
                        "must be one of NoSchedule, PreferNoSchedule, NoExecute, was 'Always'"),
                new Case("a key given twice is an error at the second", """
                          signalKind: average
                          signalKind: marginal
                        """, 7, 3, "spec.signalKind", "is given twice, here and on line 6; keep one"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeNamesItsLineColumnAndField(Case mistake) throws IOException {
        String text = HEADER + """
                metadata:
                  name: broken
                spec:
                """ + mistake.spec();

        assertThat(errorsOf(text)).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(directory.resolve("policies.yaml"));
            assertThat(error.line()).isEqualTo(mistake.line());
            assertThat(error.column()).isEqualTo(mistake.column());
            assertThat(error.field()).isEqualTo(mistake.field());
            assertThat(error.reason()).isEqualTo(mistake.reason());
        });
    }

    @Test
    void reportsEveryErrorOfEveryDocumentAtOnceInLineOrder() throws IOException {
        List<PolicyFileError> errors = errorsOf(HEADER + """
                metadata:
                  name: first
                spec:
                  weights:
                    carbn: 2
                    latencyGramsPerMs: -1
                ---
                apiVersion: heliostat.io/v1
                kind: PlacementPolicy
                metadata:
                  name: second policy
                spec:
                  tenantShares:
                    acme: lots
                  migrationMode: freeze
                """);

        assertThat(errors).extracting(PolicyFileError::line, PolicyFileError::field).containsExactly(
                tuple(7, "spec.weights.carbn"),
                tuple(8, "spec.weights.latencyGramsPerMs"),
                tuple(10, "apiVersion"),
                tuple(13, "metadata.name"),
                tuple(16, "spec.tenantShares.acme"),
                tuple(17, "spec.migrationMode"));
    }

    @Test
    void aDocumentThatIsNotAMappingSaysSo() throws IOException {
        assertThat(errorsOf("- one\n- two\n")).extracting(PolicyFileError::toString).containsExactly(
                directory.resolve("policies.yaml") + ":1:1: must be a mapping of fields, was a list");
    }

    @Test
    void oneNameTwiceInAFileIsAnErrorAtTheSecond() throws IOException {
        String policy = HEADER + """
                metadata:
                  name: twin
                spec: {}
                """;

        assertThat(errorsOf(policy + "---\n" + policy)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(10);
            assertThat(error.field()).isEqualTo("metadata.name");
            assertThat(error.reason()).isEqualTo(
                    "policy 'twin' is already defined on line 4 of this file; give each policy its own name");
        });
    }

    @Test
    void anErrorReadsAsFileLineColumnFieldAndReason() throws IOException {
        Path file = write(HEADER + """
                metadata:
                  name: green
                spec:
                  weights:
                    carbon: -1
                """);

        assertThatThrownBy(() -> PolicyDocuments.read(file)).isInstanceOf(PolicyFileException.class).hasMessage(
                file + ": 1 error" + System.lineSeparator()
                        + "  " + file + ":7:5: spec.weights.carbon: must be between 0 and 1000000, was -1.0");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorOfTheFile() throws IOException {
        Path file = Files.write(directory.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});

        assertThat(catchThrowableOfType(PolicyFileException.class, () -> PolicyDocuments.read(file)).errors())
                .singleElement().extracting(PolicyFileError::reason).asString().startsWith("is not UTF-8 text");
    }

    @Test
    void aFileOfOnlyCommentsDefinesNoPolicies() throws IOException {
        assertThat(PolicyDocuments.read(write("# Policies go here.\n"))).isEmpty();
    }
}
