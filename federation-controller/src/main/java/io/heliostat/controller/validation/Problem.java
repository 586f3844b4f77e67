package io.heliostat.controller.validation;

import java.nio.file.Path;

/**
 * One line of {@code heliostat validate}'s report, as compilers print theirs so that editors and CI logs link it:
 * {@code members.yaml:14: MemberCluster/ie-cloud spec.nodePower: maxWatts must be at least idleWatts}.
 *
 * @param line     1-based, of the field where known, else of the nearest enclosing field; 0 for the file as a whole
 * @param resource {@code Kind/name}; empty for a file that is not YAML
 * @param field    the field's path, such as {@code spec.taints[0].effect}; empty for the resource as a whole
 */
public record Problem(Path file, int line, String resource, String field, String message) {

    @Override
    public String toString() {
        String where = line == 0 ? file.toString() : file + ":" + line;
        String what = resource.isEmpty() ? "" : field.isEmpty() ? resource + ": " : resource + " " + field + ": ";
        return where + ": " + what + message;
    }
}
