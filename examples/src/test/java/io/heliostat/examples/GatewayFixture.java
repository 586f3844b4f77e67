package io.heliostat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The edge agent's gateway fixture as the end-to-end tests run an agent on it: its /proc and /sys tree and fake
 * runtimes, read from the agent's test sources (which keep the runtimes' executable bits), and what the controller
 * shows of the demo fleet's gw-mad-1 once the agent has reported it.
 */
final class GatewayFixture {

    static final Path TREE = Path.of("../edge-agent/src/test/resources/fixtures/gateway");

    private GatewayFixture() {
    }

    /** {@code node}, the controller's view of gw-mad-1, is Ready in its edge site with the fixture's figures. */
    static void assertReadyWithTheFixturesFigures(JsonNode node) {
        assertThat(node.path("status").asText()).isEqualTo("READY");
        assertThat(node.path("cluster").asText()).isEqualTo("edge-madrid-store");
        // the fixture: 4 cores online, MemTotal 3884076 kB = 3793 MiB; runc and wasmtime on the path
        assertThat(node.at("/lastReport/capacity/cpuMillis").asLong()).isEqualTo(4000);
        assertThat(node.at("/lastReport/capacity/memoryMiB").asLong()).isEqualTo(3793);
        assertThat(node.at("/lastReport/runtimes").toString()).isEqualTo("[\"runc\",\"wasm\"]");
        assertThat(node.at("/lastReport/temperatureCelsius").asDouble()).isEqualTo(48.5);
    }
}
