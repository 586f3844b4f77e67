package io.heliostat.carbon;

/**
 * Where a feed delivers each zone's signals: the controller implements it to store them (a Hazelcast map
 * entry per zone), tests to collect them. Plain Java, so that the receiving side needs no Camel types.
 */
@FunctionalInterface
public interface SignalSink {

    /**
     * Receives one zone's latest signals. Called on the feed's route thread, once per zone per update:
     * store and return. An exception is logged by the feed and does not stop the other zones' delivery.
     */
    void accept(ZoneSignals signals);
}
