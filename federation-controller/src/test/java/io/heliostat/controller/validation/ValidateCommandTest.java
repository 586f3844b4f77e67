package io.heliostat.controller.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    /** Where the demo's policy directory is, seen from this module. */
    static final Path EXAMPLE_POLICIES = Path.of("../examples/policies");
    /** The GitOps layout a platform team copies. */
    static final Path EXAMPLE_GITOPS = Path.of("../examples/gitops");

    @TempDir
    Path directory;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ValidateCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(java.util.Arrays.stream(args).map(Object::toString).toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void validResourcesExitWithZeroAndASummary() throws IOException {
        Files.writeString(directory.resolve("members.yaml"), ResourceValidatorTest.MEMBER);
        Files.createDirectories(directory.resolve("policies"));
        Files.writeString(directory.resolve("policies/eu-batch.yml"), ResourceValidatorTest.POLICY + "---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        Files.writeString(directory.resolve("README.md"), "not read: not YAML by name");

        Run run = run(directory);

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.VALID);
        assertThat(run.out()).isEqualTo("validate: 2 resources in 2 files, 0 invalid; 1 other document skipped"
                + System.lineSeparator());
    }

    @Test
    void anInvalidResourceExitsWithTwoAfterPrintingEveryProblem() throws IOException {
        Path file = Files.writeString(directory.resolve("members.yaml"), ResourceValidatorTest.MEMBER
                .replace("idleWatts: 90", "idleWatts: 900").replace("region: eu-west-1", "region: eu west 1"));

        Run run = run(file);

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.INVALID);
        // A pattern broken does not keep the API server from evaluating the CEL rules, as a wrong type would.
        assertThat(run.out().lines()).containsExactly(
                file + ":11: MemberCluster/ie-cloud spec.region: must match ^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$, "
                        + "was 'eu west 1'",
                file + ":15: MemberCluster/ie-cloud spec.nodePower: maxWatts must be at least idleWatts",
                "validate: 1 resource in 1 file, 1 invalid; 0 other documents skipped");
    }

    @Test
    void aFileThatIsNotYamlExitsWithTwo() throws IOException {
        Path file = Files.writeString(directory.resolve("notes.yaml"), "this: is: not YAML\n");

        Run run = run(file);

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.INVALID);
        assertThat(run.out().lines()).containsExactly(
                file + ":1: is not valid YAML: mapping values are not allowed here",
                "validate: 0 resources in 1 file, 0 invalid, 1 file not YAML; 0 other documents skipped");
    }

    @Test
    void noSuchFileIsAUsageErrorAndNothingIsChecked() throws IOException {
        Files.writeString(directory.resolve("members.yaml"), ResourceValidatorTest.MEMBER);

        Run run = run(directory, directory.resolve("missing"));

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.USAGE);
        assertThat(run.err()).isEqualTo("validate: no such file or directory: " + directory.resolve("missing")
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.USAGE);
        assertThat(run.err()).startsWith("Missing required parameter: 'FILE_OR_DIRECTORY'").contains("Usage: heliostat validate");
    }

    @Test
    void filesAndDirectoriesWhoseNamesStartWithADotAreLeftOut() throws IOException {
        Files.createDirectories(directory.resolve(".git"));
        Files.writeString(directory.resolve(".git/broken.yaml"), "a: b: c\n");
        Files.writeString(directory.resolve(".editor-backup.yaml"), "a: b: c\n");

        Run run = run(directory);

        assertThat(run.exitCode()).isEqualTo(ValidateCommand.VALID);
        assertThat(run.out()).startsWith("validate: 0 resources in 0 files");
    }

    @Test
    void theDemosPolicyDirectoryIsValid() {
        Run run = run(EXAMPLE_POLICIES);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(ValidateCommand.VALID);
        assertThat(run.out()).isEqualTo("validate: 3 resources in 3 files, 0 invalid; 0 other documents skipped"
                + System.lineSeparator());
    }

    @Test
    void theGitopsLayoutIsValid() {
        Run run = run(EXAMPLE_GITOPS);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(ValidateCommand.VALID);
        // Every Heliostat resource counted: a typo in apiVersion would make one another document, skipped.
        assertThat(run.out()).isEqualTo("validate: 18 resources in 25 files, 0 invalid; 38 other documents skipped"
                + System.lineSeparator());
    }
}
