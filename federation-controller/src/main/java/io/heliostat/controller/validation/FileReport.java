package io.heliostat.controller.validation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ResourceValidator} found in one file.
 *
 * @param resources      Heliostat resources in it
 * @param invalid        those of them with at least one problem
 * @param otherDocuments documents of other kinds, left alone
 * @param notYaml        whether the file could not be read as YAML to its end (its problems say where it stopped)
 */
public record FileReport(Path file, int resources, int invalid, int otherDocuments, boolean notYaml, List<Problem> problems) {

    public FileReport {
        problems = List.copyOf(problems);
    }

    static FileReport unreadable(Path file, Problem problem) {
        return new FileReport(file, 0, 0, 0, true, List.of(problem));
    }

    /** Collects a file's report document by document. */
    static final class Builder {

        private final Path file;
        private final List<Problem> problems = new ArrayList<>();
        private int resources;
        private int invalid;
        private int otherDocuments;
        private boolean notYaml;

        Builder(Path file) {
            this.file = file;
        }

        void resource(List<Problem> found) {
            resources++;
            if (!found.isEmpty()) {
                invalid++;
                problems.addAll(found);
            }
        }

        void otherDocument() {
            otherDocuments++;
        }

        void notYaml(Problem problem) {
            notYaml = true;
            problems.add(problem);
        }

        FileReport build() {
            return new FileReport(file, resources, invalid, otherDocuments, notYaml, problems);
        }
    }
}
