package io.heliostat.controller.carbon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.hazelcast.map.IMap;

import io.heliostat.carbon.SignalSink;
import io.heliostat.carbon.ZoneSignals;
import io.heliostat.controller.leader.Leadership;

/**
 * Every zone's carbon signal, shared by the members. Each member's feed routes deliver signals here, and only
 * the leader's are kept, so that two members replaying or polling at slightly different moments never
 * overwrite each other's newer value with an older one.
 */
public final class ZoneCarbonBook implements SignalSink {

    static final String WORK = "carbon-signals";

    private final IMap<String, ZoneCarbon> zones;
    private final Leadership leadership;

    public ZoneCarbonBook(IMap<String, ZoneCarbon> zones, Leadership leadership) {
        this.zones = zones;
        this.leadership = leadership;
    }

    @Override
    public void accept(ZoneSignals signals) {
        if (leadership.lead(WORK).isPresent()) {
            zones.set(signals.zone(), ZoneCarbon.of(signals));
        }
    }

    public Optional<ZoneCarbon> zone(String zone) {
        return Optional.ofNullable(zones.get(zone));
    }

    public List<ZoneCarbon> zones() {
        List<ZoneCarbon> all = new ArrayList<>(zones.values());
        all.sort(Comparator.comparing(ZoneCarbon::zone));
        return all;
    }
}
