package io.heliostat.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.api.policy.PlacementPolicySpec;

class PolicyDirectoryTest {

    /** Tests run in the controller module; the examples live at the repository's root. */
    static final Path EXAMPLE_POLICIES = Path.of("..", "examples", "policies");

    @TempDir
    Path directory;

    /** A policy whose carbon weight tells its versions apart. */
    static String policy(String name, double carbon) {
        return PolicyDocumentsTest.HEADER + """
                metadata:
                  name: %s
                spec:
                  weights:
                    carbon: %s
                """.formatted(name, carbon);
    }

    /** Writes as editors and GitOps tools do: a temporary file renamed over the target, so no half file is read. */
    private Path write(String name, String text) throws IOException {
        Path temporary = Files.writeString(directory.resolve(name + ".tmp"), text);
        return Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Double carbonOf(PolicyDirectory policies, String name) {
        PlacementPolicySpec spec = policies.policies().get(name);
        return spec == null ? null : spec.weights().carbon();
    }

    @Test
    void loadsEveryPolicyFileOfTheDirectoryBesideTheDefault() throws IOException {
        write("tenants.yaml", policy("acme", 2) + "---\n" + policy("globex", 3));
        write("batch.yml", policy("batch", 4));
        write("notes.txt", "not a policy");
        write(".draft.yaml", "not: [yaml");
        Files.createDirectory(directory.resolve("archive"));
        Files.writeString(directory.resolve("archive").resolve("old.yaml"), policy("old", 5));

        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {
            assertThat(policies.policies()).containsOnlyKeys("default", "acme", "globex", "batch");
            assertThat(policies.policies().get("default")).isEqualTo(PlacementPolicySpec.ofDefaults());
            assertThat(carbonOf(policies, "globex")).isEqualTo(3.0);
            assertThat(policies.problems()).isEmpty();
        }
    }

    @Test
    void theExamplePoliciesLoadWithoutProblems() throws IOException {
        try (PolicyDirectory policies = PolicyDirectory.open(EXAMPLE_POLICIES)) {
            assertThat(policies.problems()).isEmpty();
            assertThat(policies.policies()).containsOnlyKeys("default", "latency-first", "green-batch");
            // default.yaml spells out the built-in defaults, and changes none of them.
            assertThat(policies.policies().get("default")).isEqualTo(PlacementPolicySpec.ofDefaults());
            assertThat(policies.policies().get("green-batch").signalKind()).isEqualTo("marginal");
        }
    }

    @Test
    void aDirectoryThatIsNotThereIsRefusedAtOnceByName() {
        Path missing = directory.resolve("policies");

        assertThatThrownBy(() -> PolicyDirectory.open(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void anInvalidFileIsListedWithItsFileLineAndFieldAndAppliesNothing() throws IOException {
        Path file = write("broken.yaml", policy("broken", -1));

        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {
            assertThat(policies.policies()).containsOnlyKeys("default");
            assertThat(policies.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.file()).isEqualTo(file);
                assertThat(problem.line()).isEqualTo(7);
                assertThat(problem.field()).isEqualTo("spec.weights.carbon");
            });
        }
    }

    @Test
    void editingAFileToABadVersionKeepsTheLastGoodOneUntilItIsFixed() throws IOException {
        Path file = write("green.yaml", policy("green", 2));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {

            write("green.yaml", policy("green", 2).replace("carbon:", "carbn:"));
            await().untilAsserted(() -> assertThat(policies.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.file()).isEqualTo(file);
                assertThat(problem.line()).isEqualTo(7);
                assertThat(problem.field()).isEqualTo("spec.weights.carbn");
            }));
            assertThat(carbonOf(policies, "green")).isEqualTo(2.0);

            write("green.yaml", policy("green", 3));
            await().untilAsserted(() -> assertThat(carbonOf(policies, "green")).isEqualTo(3.0));
            assertThat(policies.problems()).isEmpty();
        }
    }

    @Test
    void deletingAFileRemovesItsPolicies() throws IOException {
        Path file = write("green.yaml", policy("green", 2));
        write("fast.yaml", policy("fast", 1));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {

            Files.delete(file);

            await().untilAsserted(() -> assertThat(policies.policies()).containsOnlyKeys("default", "fast"));
        }
    }

    @Test
    void theBuiltInDefaultAppliesWheneverNoFileDefinesIt() throws IOException {
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {
            assertThat(policies.policies()).containsOnlyKeys("default");

            Path file = write("default.yaml", policy("default", 2));
            await().untilAsserted(() -> assertThat(carbonOf(policies, "default")).isEqualTo(2.0));

            Files.delete(file);
            await().untilAsserted(() -> assertThat(policies.policies().get("default")).isEqualTo(PlacementPolicySpec.ofDefaults()));
        }
    }

    @Test
    void aNameInTwoFilesStaysWithTheFirstAndTheErrorNamesBothFiles() throws IOException {
        Path first = write("a.yaml", policy("shared", 2));
        Path second = write("b.yaml", policy("shared", 3) + "---\n" + policy("other", 4));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {
            assertThat(carbonOf(policies, "shared")).isEqualTo(2.0);
            assertThat(policies.policies()).doesNotContainKey("other");
            assertThat(policies.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.file()).isEqualTo(second);
                assertThat(problem.line()).isEqualTo(4);
                assertThat(problem.reason()).isEqualTo("policy 'shared' is already defined in " + first
                        + " (line 4); a policy may be defined in one file only");
            });

            Files.delete(first);

            await().untilAsserted(() -> assertThat(carbonOf(policies, "shared")).isEqualTo(3.0));
            assertThat(policies.policies()).containsKey("other");
            assertThat(policies.problems()).isEmpty();
        }
    }

    @Test
    void anEditCannotTakeANameFromAFileNobodyTouched() throws IOException {
        write("a.yaml", policy("mine", 1));
        write("b.yaml", policy("held", 2));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {

            Path edited = write("a.yaml", policy("mine", 5) + "---\n" + policy("held", 6));

            await().untilAsserted(() -> assertThat(policies.problems()).singleElement()
                    .extracting(PolicyFileError::file).isEqualTo(edited));
            assertThat(carbonOf(policies, "held")).isEqualTo(2.0);
            assertThat(carbonOf(policies, "mine")).isEqualTo(1.0);
        }
    }

    @Test
    void twoFilesThatSwapNamesOneEditAtATimeBothApplyAfterTheSecond() throws IOException {
        write("a.yaml", policy("x", 1));
        write("b.yaml", policy("y", 2));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {

            Path a = write("a.yaml", policy("y", 3));
            await().untilAsserted(() -> assertThat(policies.problems()).singleElement()
                    .extracting(PolicyFileError::file).isEqualTo(a));

            write("b.yaml", policy("x", 4));
            // a.yaml's rejected version is tried again against b.yaml's new one, which has let go of y.
            await().untilAsserted(() -> {
                assertThat(carbonOf(policies, "y")).isEqualTo(3.0);
                assertThat(carbonOf(policies, "x")).isEqualTo(4.0);
            });
            assertThat(policies.problems()).isEmpty();
        }
    }

    @Test
    void listenersHearOfEachChangeOnceAndOfNothingElse() throws IOException {
        write("green.yaml", policy("green", 2));
        try (PolicyDirectory policies = PolicyDirectory.open(directory)) {
            List<Map<String, PlacementPolicySpec>> heard = new CopyOnWriteArrayList<>();
            policies.addListener(heard::add);

            write("green.yaml", policy("green", 3));
            await().untilAsserted(() -> assertThat(heard).hasSize(1));
            assertThat(heard.get(0).get("green").weights().carbon()).isEqualTo(3.0);

            // Neither a comment, nor a broken file, nor rewriting a default changes the set.
            write("green.yaml", "# Greener.\n" + policy("green", 3));
            write("broken.yaml", policy("broken", -1));
            write("green.yaml", policy("green", 3).replace("spec:", "spec:\n  signalKind: average"));
            // Events are handled in order, so once the last change is heard the three before it have been handled.
            write("fast.yaml", policy("fast", 1));
            await().untilAsserted(() -> assertThat(heard).last().satisfies(set -> assertThat(set).containsKey("fast")));

            assertThat(heard).hasSize(2);
            assertThat(heard.get(1)).containsOnlyKeys("default", "green", "fast");
        }
    }
}
