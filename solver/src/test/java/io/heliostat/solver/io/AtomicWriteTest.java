package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heliostat.solver.domain.FleetPlan;

/** A failed write never leaves a half-written file, nor a temporary one, and never damages the old file. */
class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void writingIntoAMissingDirectoryFailsAndCreatesNothing() {
        FleetPlan plan = TinyFleet.read();
        Path target = dir.resolve("no-such-directory/plan.json");

        assertThatThrownBy(() -> PlanFileWriter.write(plan, PlanDetails.NONE, target)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> ProblemFileWriter.write(plan, target)).isInstanceOf(NoSuchFileException.class);

        assertThat(target).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAsItWasAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("plan.json");
        Files.writeString(target, "the previous plan");

        assertThatThrownBy(() -> JsonFiles.writeAtomically(target, writer -> {
            writer.write("{\"apiVersion\": \"heliostat.io/v1alpha1\", ");
            writer.flush();
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("the previous plan");
        assertThat(filesIn(dir)).containsExactly("plan.json");
    }

    @Test
    void aTargetThatCannotBeReplacedIsLeftAsItWasAndNoTemporaryFileRemains() throws IOException {
        // A directory where the file should go: the final rename fails after the content is written.
        Path target = Files.createDirectory(dir.resolve("plan.json"));
        Files.writeString(target.resolve("inside"), "kept");

        assertThatThrownBy(() -> PlanFileWriter.write(TinyFleet.read(), PlanDetails.NONE, target)).isInstanceOf(IOException.class);

        assertThat(target.resolve("inside")).hasContent("kept");
        assertThat(filesIn(dir)).containsExactly("plan.json");
    }

    @Test
    void aSuccessfulWriteReplacesTheOldFileWhole() throws IOException {
        Path target = dir.resolve("problem.json");
        Files.writeString(target, "the previous problem, longer than nothing");

        ProblemFileWriter.write(TinyFleet.read(), target);

        assertThat(Files.readString(target)).startsWith("{\n  \"apiVersion\": \"heliostat.io/v1alpha1\"").endsWith("}\n");
        assertThat(new ProblemFileReader().read(target).getWorkloads()).hasSize(2);
        assertThat(filesIn(dir)).containsExactly("problem.json");
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
