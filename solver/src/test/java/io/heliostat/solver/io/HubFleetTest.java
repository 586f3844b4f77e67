package io.heliostat.solver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller whose clusters are a hub's member clusters reads a fleet file without clusters and nodes: the example
 * one reads, while the same file is no placement problem, and a hub fleet is checked as strictly in all else.
 */
class HubFleetTest {

    static final Path HUB_FLEET = Path.of("..", "examples", "fleets", "hub-fleet.json");

    @Test
    void the_example_hub_fleet_gives_zones_and_user_locations_alone() throws IOException {
        FleetDefinition fleet = new ProblemFileReader().readHubFleet(HUB_FLEET);

        assertThat(fleet.plan().getClusters()).isEmpty();
        assertThat(fleet.plan().getNodes()).isEmpty();
        assertThat(fleet.plan().getZones()).extracting(zone -> zone.id()).contains("NO", "ES", "DE");
        assertThat(fleet.plan().getHorizon().slots()).isEqualTo(24);
        assertThat(fleet.userLocations()).isNotEmpty();
    }

    @Test
    void without_clusters_and_nodes_a_file_is_no_placement_problem() {
        assertThatThrownBy(() -> new ProblemFileReader().readFleet(HUB_FLEET))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors())
                        .extracting(FileError::path).contains("$.clusters", "$.nodes"));
    }

    @Test
    void a_hub_fleet_still_needs_its_zones_and_rejects_what_a_problem_file_rejects(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fleet.json");
        Files.writeString(file, """
                {"apiVersion": "heliostat.io/v1alpha1", "kind": "PlacementProblem",
                 "horizon": {"start": "2022-06-15T00:00:00Z", "slotMinutes": 60, "slots": 2},
                 "zones": [], "clusters": [], "nodes": [{"id": "n1"}]}
                """);

        assertThatThrownBy(() -> new ProblemFileReader().readHubFleet(file))
                .isInstanceOfSatisfying(PlacementFileException.class, e -> assertThat(e.errors())
                        .extracting(FileError::path).contains("$.zones", "$.nodes[0].cluster"));
    }
}
