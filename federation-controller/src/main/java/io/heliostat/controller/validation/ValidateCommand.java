package io.heliostat.controller.validation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heliostat validate}: checks the Heliostat resources of YAML files offline, as the hub's API server and the
 * controller would, for a team's CI to run before GitOps applies them ({@link ResourceValidator}). Prints one line per
 * problem, then a summary; other documents (Deployments, kustomization.yaml, Argo CD Applications) are counted and left
 * alone.
 */
@Command(name = "heliostat validate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Checks PlacementPolicy, MemberCluster and FederatedWorkload resources (heliostat.io/v1alpha1) in "
                + "YAML files against their CRDs' schemas and CEL rules, as the API server applies them, and against the "
                + "controller's own validation. Directories are read recursively (*.yaml, *.yml; names starting with '.' "
                + "are skipped); a file may hold many documents."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every resource is valid", "1:usage error, such as no such file or directory",
                "2:a resource is invalid, or a file is not YAML"})
public final class ValidateCommand implements Callable<Integer> {

    static final int VALID = 0;
    static final int USAGE = 1;
    /** As the solver's CLI answers bad input. */
    static final int INVALID = 2;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIRECTORY", description = "YAML files, or directories of them.")
    List<Path> paths;

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ValidateCommand());
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Set<Path> files = new LinkedHashSet<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                spec.commandLine().getErr().println("validate: no such file or directory: " + path);
                return USAGE;
            }
            files.addAll(yamlFiles(path));
        }
        ResourceValidator validator = ResourceValidator.fromClassPath();
        int resources = 0;
        int invalid = 0;
        int notYaml = 0;
        int otherDocuments = 0;
        for (Path file : files) {
            FileReport report = validator.check(file);
            report.problems().forEach(out::println);
            resources += report.resources();
            invalid += report.invalid();
            notYaml += report.notYaml() ? 1 : 0;
            otherDocuments += report.otherDocuments();
        }
        out.println("validate: " + count(resources, "resource") + " in " + count(files.size(), "file") + ", " + invalid
                + " invalid" + (notYaml > 0 ? ", " + count(notYaml, "file") + " not YAML" : "") + "; "
                + count(otherDocuments, "other document") + " skipped");
        out.flush();
        return invalid > 0 || notYaml > 0 ? INVALID : VALID;
    }

    /** The file itself, or a directory's YAML files below it in name order, leaving out those under a name starting with '.'. */
    private static List<Path> yamlFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.walk(path)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> isYaml(file.getFileName().toString()))
                    .filter(file -> !isHidden(path.relativize(file)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static boolean isHidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
