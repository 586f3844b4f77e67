package io.heliostat.agent.collect;

/** A host and TCP port whose connect time the agent reports under {@code name}. */
public record ProbeTarget(String name, String host, int port) {
}
