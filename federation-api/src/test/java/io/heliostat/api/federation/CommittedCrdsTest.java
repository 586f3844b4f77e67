package io.heliostat.api.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The CRDs under k8s/crds/, which GitOps applies, are the ones the build generates from the resource classes: a
 * change to a spec that is not copied there fails here rather than reaching a cluster as an old schema.
 */
class CommittedCrdsTest {

    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path COMMITTED = Path.of("../k8s/crds");

    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        List<String> generated = names(GENERATED);
        assertThat(generated).containsExactlyInAnyOrder("federatedworkloads.heliostat.io-v1.yml",
                "memberclusters.heliostat.io-v1.yml", "placementpolicies.heliostat.io-v1.yml");
        assertThat(names(COMMITTED)).as("k8s/crds/ holds exactly the generated CRDs").containsExactlyInAnyOrderElementsOf(generated);
        for (String name : generated) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as("k8s/crds/%s differs from the generated one: copy federation-api/%s/%s there", name, GENERATED, name)
                    .isEqualTo(Files.readString(GENERATED.resolve(name)));
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yml")).sorted().toList();
        }
    }
}
