package io.heliostat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * Every path a kustomization.yaml of the GitOps layout names exists: its resources (a file, or a folder with a
 * kustomization.yaml of its own, whose paths are checked in turn, k8s/crds included), its patches and the files of
 * its ConfigMap generators. kustomize itself is not needed to run this.
 */
class GitopsKustomizationsTest {

    static final Path GITOPS = Path.of("gitops");
    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyPathAKustomizationNamesExists() throws IOException {
        Deque<Path> kustomizations = new ArrayDeque<>();
        try (Stream<Path> files = Files.walk(GITOPS)) {
            files.filter(file -> file.getFileName().toString().equals("kustomization.yaml")).forEach(kustomizations::add);
        }
        assertThat(kustomizations).as("the layout's kustomizations").hasSize(6);

        List<String> missing = new ArrayList<>();
        Set<Path> read = new HashSet<>();
        while (!kustomizations.isEmpty()) {
            Path kustomization = kustomizations.pop().normalize();
            if (!read.add(kustomization)) {
                continue;
            }
            JsonNode content = YAML.readTree(kustomization.toFile());
            Path folder = kustomization.getParent();
            for (JsonNode resource : content.path("resources")) {
                Path path = folder.resolve(resource.asText()).normalize();
                if (Files.isDirectory(path)) {
                    if (Files.isRegularFile(path.resolve("kustomization.yaml"))) {
                        kustomizations.add(path.resolve("kustomization.yaml"));
                    } else {
                        missing.add(kustomization + ": resources names the folder " + resource.asText()
                                + ", which has no kustomization.yaml");
                    }
                } else if (!Files.isRegularFile(path)) {
                    missing.add(kustomization + ": resources names " + resource.asText() + ", which does not exist");
                }
            }
            for (JsonNode patch : content.path("patches")) {
                if (patch.has("path") && !Files.isRegularFile(folder.resolve(patch.get("path").asText()))) {
                    missing.add(kustomization + ": patches names " + patch.get("path").asText() + ", which does not exist");
                }
            }
            for (JsonNode generator : content.path("configMapGenerator")) {
                for (JsonNode file : generator.path("files")) {
                    if (!Files.isRegularFile(folder.resolve(file.asText()))) {
                        missing.add(kustomization + ": configMapGenerator names " + file.asText() + ", which does not exist");
                    }
                }
            }
        }

        assertThat(missing).isEmpty();
        assertThat(read).as("the CRDs are reached through k8s/crds/kustomization.yaml")
                .contains(Path.of("../k8s/crds/kustomization.yaml"));
    }
}
