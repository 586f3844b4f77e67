package io.heliostat.solver.io;

import java.nio.file.Path;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.heliostat.solver.domain.FleetPlan;

/**
 * A problem small enough to check by hand: two zones of four hourly slots, one node each, a service of two
 * replicas and a job. Tests change one thing in it at a time.
 */
final class TinyFleet {

    static final String JSON = """
            {
              "apiVersion": "heliostat.io/v1alpha1",
              "kind": "PlacementProblem",
              "horizon": {"start": "2022-06-15T00:00:00Z", "slotMinutes": 60, "slots": 4},
              "zones": [
                {"id": "clean", "signal": "average", "intensity": [10, 20, 30, 40]},
                {"id": "dirty", "signal": "average", "intensity": [400, 300, 200, 100]}
              ],
              "clusters": [
                {"id": "north", "kind": "cloud", "zone": "clean", "residency": ["EU"], "location": {"lat": 59.9, "lon": 10.7}},
                {"id": "south", "kind": "cloud", "zone": "dirty", "residency": ["EU"], "location": {"lat": 40.4, "lon": -3.7}}
              ],
              "nodes": [
                {"id": "n1", "cluster": "north", "capacity": {"cpu": "4", "memory": "8Gi"}, "power": {"idleWatts": 50, "maxWatts": 150}},
                {"id": "s1", "cluster": "south", "capacity": {"cpu": "4", "memory": "8Gi"}, "power": {"idleWatts": 100, "maxWatts": 300}}
              ],
              "userLocations": [
                {"id": "users", "rttMs": {"north": 30, "south": 10}}
              ],
              "workloads": [
                {"id": "web", "kind": "service", "requests": {"cpu": "1", "memory": "1Gi"}, "replicas": 2, "userLocation": "users"},
                {"id": "job", "kind": "batch", "requests": {"cpu": "2", "memory": "2Gi"}, "durationSlots": 2}
              ],
              "currentPlacement": [
                {"replica": "web#0", "node": "s1"}
              ]
            }
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TinyFleet() {
    }

    static ObjectNode tree() {
        try {
            return (ObjectNode) MAPPER.readTree(JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tiny fleet's JSON after {@code change}. */
    static String with(Consumer<ObjectNode> change) {
        ObjectNode tree = tree();
        change.accept(tree);
        return tree.toPrettyString();
    }

    static FleetPlan read() {
        return read(JSON);
    }

    static FleetPlan read(String json) {
        return new ProblemFileReader().read(json, "tiny.json", Path.of("."));
    }

    static ObjectNode workload(ObjectNode tree, int index) {
        return (ObjectNode) tree.withArray("workloads").get(index);
    }

    static ObjectNode zone(ObjectNode tree, int index) {
        return (ObjectNode) tree.withArray("zones").get(index);
    }

    /** Replaces a zone's inline intensities by a trace reference. */
    static ObjectNode traceInstead(ObjectNode tree, int zone) {
        ObjectNode node = zone(tree, zone);
        node.remove("intensity");
        return node.putObject("trace");
    }

    static ObjectNode userLocation(ObjectNode tree, int index) {
        return (ObjectNode) tree.withArray("userLocations").get(index);
    }

    static ObjectNode node(ObjectNode tree, int index) {
        return (ObjectNode) tree.withArray("nodes").get(index);
    }
}
